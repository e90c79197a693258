using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>RPM packages: the lead magic ED AB EE DB with a format major version of 3 or 4.</summary>
public sealed class RpmDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        return head.Matches(0, [0xED, 0xAB, 0xEE, 0xDB]) && head.U8(4) is 3 or 4 ? FileKinds.Rpm : null;
    }
}
