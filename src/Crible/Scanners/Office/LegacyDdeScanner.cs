using System.Text;
using Crible.Identification;
using Crible.Pipeline;
using Crible.Scanners.Office.Links;

namespace Crible.Scanners.Office;

/// <summary>DDE and DDEAUTO field codes in Word 97-2003 documents (the WordDocument stream's text) and in RTF
/// (<c>\fldinst</c> groups).</summary>
public sealed class LegacyDdeScanner : IScanner
{
    public string Name => "dde";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Doc || item.Kind == FileKinds.Rtf;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (item.Kind == FileKinds.Rtf)
        {
            var bytes = await ScanItemBytes.ReadAsync(item, context, cancellation).ConfigureAwait(false);
            DdeFields.Report(context, DdeFields.Find(LegacyFieldText.RtfInstructions(Encoding.Latin1.GetString(bytes))), "the RTF document");
            return;
        }

        using var file = OleFiles.Open(item, context, reportFailure: false);
        if (file?.Find("WordDocument") is not { IsStream: true } word)
        {
            return;
        }

        var maxBytes = (int)Math.Min(context.Limits.MaxInMemoryBytes, Array.MaxLength);
        var text = file.ReadStream(word, maxBytes, out _);
        DdeFields.Report(context, DdeFields.Find(LegacyFieldText.WordInstructions(text)), "the Word document");
    }
}
