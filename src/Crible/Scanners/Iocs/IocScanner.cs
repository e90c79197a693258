using Crible.Identification;
using Crible.Pipeline;
using Crible.Scanners.Web;

namespace Crible.Scanners.Iocs;

/// <summary>
/// Records the indicators of compromise (<see cref="IocExtractor"/>) of every text-bearing file: plain text,
/// scripts, markup, XML, e-mail messages, and the decoded children other scanners emit (mail bodies, PDF scripts,
/// decoded commands). Binary-as-text encodings (Base64, uuencode...) are left to their decoders. Indicators are
/// facts, not findings: they never change the verdict, so text past the extractor's bound is not a reason to be incomplete.
/// </summary>
public sealed class IocScanner : IScanner
{
    public string Name => "iocs";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var kind = item.Kind;
        if (kind == FileKinds.Base64 || kind == FileKinds.Uuencoded || kind == FileKinds.YEnc || kind == FileKinds.BinHex)
        {
            return false;
        }

        return kind.Family is FileKinds.TextFamily or FileKinds.ScriptFamily || kind == FileKinds.Email;
    }

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (WebText.Read(item, context) is not { } text)
        {
            return ValueTask.CompletedTask;
        }

        cancellation.ThrowIfCancellationRequested();
        foreach (var indicator in IocExtractor.Extract(text))
        {
            context.Indicator(indicator.Kind, indicator.Value);
        }

        return ValueTask.CompletedTask;
    }
}
