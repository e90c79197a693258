using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>xz streams: the six-byte header magic and stream flags whose first byte is reserved (zero).</summary>
public sealed class XzDetector : IFileKindDetector
{
    private static readonly byte[] Magic = [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        return head.Matches(0, Magic) && head.U8(6) == 0 ? FileKinds.Xz : null;
    }
}
