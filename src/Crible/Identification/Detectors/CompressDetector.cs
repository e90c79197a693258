using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>Unix compress (.Z, LZW): magic 1F 9D, then a flag byte with a code width of 9 to 16 bits and its two
/// reserved bits clear.</summary>
public sealed class CompressDetector : IFileKindDetector
{
    private const int ReservedBits = 0x60;

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        var flags = head.U8(2);
        return head.Matches(0, [0x1F, 0x9D]) && flags >= 0 && (flags & ReservedBits) == 0 && (flags & 0x1F) is >= 9 and <= 16
            ? FileKinds.Compress
            : null;
    }
}
