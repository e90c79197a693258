using System.Text;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Carving;

namespace Crible.Scanners.Pdf;

/// <summary>Decodes and emits the payloads of one PDF, keeping names unique and stopping when the analysis is
/// exhausted.</summary>
internal sealed class PdfEmitter(PdfDocument document, ScanContext context, string scannerName)
{
    /// <summary>Enough decoded bytes to recognise a format, a PE header included.</summary>
    private const int PrefixLength = 64 * 1024;
    private const int ShortPrefixLength = 1024;

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly long _maxOutput = Math.Min(context.Limits.MaxInMemoryBytes, Math.Max(context.Limits.RatioCheckFloorBytes, (long)int.MaxValue));

    public void ReportScripts(int count) =>
        context.Report("javascript", Severity.Info, "The PDF contains JavaScript", $"{count} script(s)", attack: ["T1059.007"]);

    /// <summary>Emits an inline /JS string of <paramref name="owner"/> as UTF-8 text. False once the analysis is exhausted.</summary>
    public async ValueTask<bool> EmitScriptTextAsync(PdfObject owner, PdfString text, CancellationToken cancellation)
    {
        var script = new PdfString(document.StringBytes(owner, text)).Text;
        var result = await context.EmitAsync(Encoding.UTF8.GetBytes(script), Unique($"{owner.Label}.js"), Relation.Decoded, cancellation).ConfigureAwait(false);
        return result != EmitResult.Exhausted;
    }

    /// <summary>Decodes a stream and emits it (when <paramref name="mustBeKnown"/>, only if it decodes to a known
    /// format, named with that format's extension). False once the analysis is exhausted.</summary>
    public async ValueTask<bool> EmitStreamAsync(PdfObject stream, string name, Relation relation, bool mustBeKnown, CancellationToken cancellation)
    {
        if (mustBeKnown)
        {
            // Most streams are pages and fonts: their first bytes are enough to tell, and cost little to decode. A
            // program's PE header may lie further than the first KiB.
            var prefix = document.DecodeStream(stream, ShortPrefixLength).Data;
            var format = KnownMagic.Identify(prefix) ?? (prefix.AsSpan().StartsWith("MZ"u8) ? KnownMagic.Identify(document.DecodeStream(stream, PrefixLength).Data) : null);
            if (format is null)
            {
                return true;
            }

            name = $"{name}.{format.Extension}";
        }

        var packedSize = document.RawStream(stream).Length;
        var ratioBound = Math.Max(context.Limits.RatioCheckFloorBytes, (long)packedSize * context.Limits.MaxRatio);
        var decoded = document.DecodeStream(stream, Math.Min(_maxOutput, ratioBound + 1));
        if (decoded.Problem is not null)
        {
            context.Incomplete($"{scannerName}: {name} ({stream.Label}) could not be fully decoded: {decoded.Problem}");
        }

        var result = await context.EmitAsync(new MemoryStream(decoded.Data), Unique(name), relation, packedSize, cancellation).ConfigureAwait(false);
        return result != EmitResult.Exhausted;
    }

    private string Unique(string name)
    {
        var candidate = name;
        for (var index = 2; !_names.Add(candidate); index++)
        {
            var dot = name.LastIndexOf('.');
            candidate = dot > 0 ? $"{name[..dot]}-{index}{name[dot..]}" : $"{name}-{index}";
        }

        return candidate;
    }
}
