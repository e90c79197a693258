using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>gzip members: magic 1F 8B, method 8 (deflate, the only one defined) and no reserved flag bits.</summary>
public sealed class GzipDetector : IFileKindDetector
{
    private const int DeflateMethod = 8;
    private const int ReservedFlags = 0xE0;

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        var flags = head.U8(3);
        return head.Matches(0, [0x1F, 0x8B, DeflateMethod]) && flags >= 0 && (flags & ReservedFlags) == 0 ? FileKinds.Gzip : null;
    }
}
