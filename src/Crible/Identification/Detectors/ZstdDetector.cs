using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>Zstandard frames: magic 28 B5 2F FD and a frame header descriptor with its reserved bit clear, possibly
/// after skippable frames (dictionary ids, seek tables).</summary>
public sealed class ZstdDetector : IFileKindDetector
{
    private const int ReservedBit = 0x08;
    private static readonly byte[] Magic = [0x28, 0xB5, 0x2F, 0xFD];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var start = SkippableFrames.Skip(probe.Head);
        var head = new HeaderBytes(probe.Head);
        var descriptor = head.U8(start + 4);
        return start >= 0 && head.Matches(start, Magic) && descriptor >= 0 && (descriptor & ReservedBit) == 0 ? FileKinds.Zstd : null;
    }
}
