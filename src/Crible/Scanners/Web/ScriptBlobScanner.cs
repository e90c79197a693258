using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Carving;
using Crible.Scanners.Mail;

namespace Crible.Scanners.Web;

/// <summary>
/// Payloads carried as Base64 strings in scripts and pages: the argument of <c>atob("…")</c> (decoded when it gives
/// a known format or readable text) and any string of at least <see cref="MinBlobLength"/> Base64 symbols, joined
/// across '+' concatenations (decoded when it gives a known format: a program, an archive, a document). Emitted as
/// decoded children so the analysis goes on inside them.
/// </summary>
public sealed class ScriptBlobScanner : IScanner
{
    public const int MinBlobLength = 1024;
    private const int MinAtobLength = 16;
    private const int MaxBlobs = 1000;

    public string Name => "script-blob";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return WebText.IsWebText(item);
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (WebText.Read(item, context) is not { } text)
        {
            return;
        }

        var count = 0;
        foreach (var literal in ScriptLiterals.Find(text, MinBlobLength, MinAtobLength))
        {
            cancellation.ThrowIfCancellationRequested();
            var decoded = WebText.DecodeBase64(literal.Text);
            if (decoded is null)
            {
                continue;
            }

            var format = KnownMagic.Identify(decoded);
            var extension = format?.Extension ?? (literal.IsAtobArgument && Base64TextScanner.LooksLikeText(decoded) ? "txt" : null);
            if (extension is null)
            {
                continue;
            }

            if (++count > MaxBlobs)
            {
                context.Incomplete($"{Name}: only the first {MaxBlobs} Base64 strings were decoded");
                return;
            }

            var name = $"{(literal.IsAtobArgument ? "atob" : "base64-string")}@{literal.Offset}.{extension}";
            if (await context.EmitAsync(decoded, name, Relation.Decoded, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }
        }
    }
}
