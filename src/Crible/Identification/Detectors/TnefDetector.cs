using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>TNEF streams (winmail.dat, application/ms-tnef) by their 32-bit signature 0x223E9F78, little-endian.</summary>
public sealed class TnefDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.HasAt(0, [0x78, 0x9F, 0x3E, 0x22]) && probe.Length >= 6 ? FileKinds.Tnef : null;
    }
}
