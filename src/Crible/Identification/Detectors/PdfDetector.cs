using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// PDF documents: "%PDF-" at the start, or anywhere in the first KiB as readers accept junk before it. A header
/// found after junk must carry a version ("%PDF-1.7") and the file must end like a PDF ("%%EOF"), so a text that
/// merely quotes the magic (a YARA rule, an article) stays text. Because it searches instead of anchoring, it runs
/// after everything with a header at a fixed place (a tar holding a PDF is a tar).
/// </summary>
public sealed class PdfDetector : IFileKindDetector
{
    private const int SearchLength = 1024;

    public int Priority => DetectorPriority.Structure + 10;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = probe.Head;
        var at = head[..Math.Min(head.Length, SearchLength)].IndexOf("%PDF-"u8);
        if (at == 0)
        {
            return FileKinds.Pdf;
        }

        return at > 0 && HasVersion(head[(at + 5)..]) && probe.Tail.LastIndexOf("%%EOF"u8) >= 0 ? FileKinds.Pdf : null;
    }

    private static bool HasVersion(ReadOnlySpan<byte> afterMagic) =>
        afterMagic.Length >= 3 && char.IsAsciiDigit((char)afterMagic[0]) && afterMagic[1] == '.' && char.IsAsciiDigit((char)afterMagic[2]);
}
