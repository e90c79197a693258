using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>bzip2 streams: "BZh", a block size digit 1–9, then either a block header (the digits of pi) or the
/// end-of-stream marker (the digits of the square root of pi) of an empty stream.</summary>
public sealed class Bzip2Detector : IFileKindDetector
{
    private static readonly byte[] BlockMagic = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59];
    private static readonly byte[] EndOfStreamMagic = [0x17, 0x72, 0x45, 0x38, 0x50, 0x90];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        return head.Matches(0, "BZh"u8) && head.U8(3) is >= '1' and <= '9' && (head.Matches(4, BlockMagic) || head.Matches(4, EndOfStreamMagic))
            ? FileKinds.Bzip2
            : null;
    }
}
