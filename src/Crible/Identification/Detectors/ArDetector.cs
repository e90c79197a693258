using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>Unix ar archives (Debian packages, static libraries), including GNU thin archives.</summary>
public sealed class ArDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.HasAt(0, "!<arch>\n"u8) || probe.HasAt(0, "!<thin>\n"u8) ? FileKinds.Ar : null;
    }
}
