using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>RTF documents by "{\rt": Word opens files that start so even without the "f", and malicious RTFs use it.</summary>
public sealed class RtfDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.HasAt(0, @"{\rt"u8) ? FileKinds.Rtf : null;
    }
}
