using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>LZ4 data: a frame (magic 04 22 4D 18, version 01, reserved bits clear, a defined block size) or the
/// legacy format of lz4 before r118 (magic 02 21 4C 18), possibly after skippable frames.</summary>
public sealed class Lz4Detector : IFileKindDetector
{
    private static readonly byte[] FrameMagic = [0x04, 0x22, 0x4D, 0x18];
    private static readonly byte[] LegacyMagic = [0x02, 0x21, 0x4C, 0x18];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var start = SkippableFrames.Skip(probe.Head);
        var head = new HeaderBytes(probe.Head);
        if (start < 0)
        {
            return null;
        }

        if (head.Matches(start, LegacyMagic))
        {
            return FileKinds.Lz4;
        }

        var flags = head.U8(start + 4);
        var blockDescriptor = head.U8(start + 5);
        var versionOk = flags >= 0 && flags >> 6 == 1 && (flags & 0x02) == 0;
        var blockSizeOk = blockDescriptor >= 0 && (blockDescriptor & 0x8F) == 0 && (blockDescriptor >> 4) >= 4;
        return head.Matches(start, FrameMagic) && versionOk && blockSizeOk ? FileKinds.Lz4 : null;
    }
}
