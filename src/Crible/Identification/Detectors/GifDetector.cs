using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>GIF images: "GIF87a" or "GIF89a".</summary>
public sealed class GifDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.HasAt(0, "GIF87a"u8) || probe.HasAt(0, "GIF89a"u8) ? FileKinds.Gif : null;
    }
}
