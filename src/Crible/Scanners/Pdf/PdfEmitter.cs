using System.Text;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Carving;

namespace Crible.Scanners.Pdf;

/// <summary>Decodes and emits the payloads of one PDF, keeping names unique and stopping when the analysis is
/// exhausted.</summary>
internal sealed class PdfEmitter(PdfDocument document, ScanContext context, string scannerName)
{
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
        var packedSize = document.RawStream(stream).Length;
        var ratioBound = Math.Max(context.Limits.RatioCheckFloorBytes, (long)packedSize * context.Limits.MaxRatio);
        var decoded = document.DecodeStream(stream, Math.Min(_maxOutput, ratioBound + 1));
        if (mustBeKnown)
        {
            var format = KnownMagic.Identify(decoded.Data);
            if (format is null || decoded.Data.Length == 0)
            {
                return true;
            }

            name = $"{name}.{format.Extension}";
        }
        else if (decoded.Problem is not null)
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
