using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>Compiled HTML Help files: "ITSF" followed by format version 2 or 3.</summary>
public sealed class ChmDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        return head.Matches(0, "ITSF"u8) && head.U32Le(4) is 2 or 3 ? FileKinds.Chm : null;
    }
}
