using System.Text;
using System.Text.Unicode;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Carving;

namespace Crible.Scanners.Mail;

/// <summary>
/// Files that are Base64 from end to end: decoded, and emitted when the result is something worth analysing (a
/// format with a known magic, such as a program or an archive, or readable text such as a script).
/// </summary>
public sealed class Base64TextScanner : IScanner
{
    public string Name => "base64";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Base64;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (EncodedText.ReadAll(item, context) is not { } text)
        {
            return;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(Encoding.ASCII.GetString(text));
        }
        catch (FormatException)
        {
            context.Incomplete($"{Name}: the file looks like Base64 but does not decode");
            return;
        }

        var format = KnownMagic.Identify(decoded);
        var name = format is not null ? $"decoded.{format.Extension}" : LooksLikeText(decoded) ? "decoded.txt" : null;
        if (name is not null)
        {
            await context.EmitAsync(decoded, name, Relation.Decoded, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>UTF-8 (or ASCII) with few control characters: a script, a document, a configuration.</summary>
    internal static bool LooksLikeText(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 4096)];
        if (sample.IsEmpty || sample.Contains((byte)0))
        {
            return false;
        }

        var control = 0;
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0C))
            {
                control++;
            }
        }

        return control * 100 <= sample.Length && Utf8Prefix(sample);
    }

    private static bool Utf8Prefix(ReadOnlySpan<byte> sample)
    {
        // A sample cut in the middle of a character is still text.
        for (var trim = 0; trim < 4 && trim < sample.Length; trim++)
        {
            if (Utf8.IsValid(sample[..^trim]))
            {
                return true;
            }
        }

        return false;
    }
}
