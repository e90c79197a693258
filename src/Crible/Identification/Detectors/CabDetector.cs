using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>Microsoft Cabinet files (also OneNote packages): "MSCF", a zero reserved field and a cabinet size that
/// covers the header. The version is not checked: a damaged cabinet is for the cabinet reader to report on.</summary>
public sealed class CabDetector : IFileKindDetector
{
    private const int HeaderLength = 36;

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        return head.Matches(0, "MSCF"u8) && head.U32Le(4) == 0 && head.U32Le(8) >= HeaderLength ? FileKinds.Cab : null;
    }
}
