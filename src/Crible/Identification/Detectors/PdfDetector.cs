using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// PDF documents by "%PDF-" anywhere in the first KiB, since readers accept junk before it. Because it searches
/// instead of anchoring, it runs after everything with a header at a fixed place (a tar holding a PDF is a tar).
/// </summary>
public sealed class PdfDetector : IFileKindDetector
{
    private const int SearchLength = 1024;

    public int Priority => DetectorPriority.Structure + 10;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = probe.Head;
        var window = head[..Math.Min(head.Length, SearchLength)];
        return window.IndexOf("%PDF-"u8) >= 0 ? FileKinds.Pdf : null;
    }
}
