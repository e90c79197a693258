using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>XAR archives (macOS installer packages): "xar!", a header of at least 28 bytes, version 1.</summary>
public sealed class XarDetector : IFileKindDetector
{
    private const int MinHeaderLength = 28;

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        return head.Matches(0, "xar!"u8) && head.U16Be(4) >= MinHeaderLength && head.U16Be(6) == 1 ? FileKinds.Xar : null;
    }
}
