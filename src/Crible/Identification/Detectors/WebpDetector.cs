using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>WebP images: a RIFF container whose form type is "WEBP" and whose first chunk is VP8, VP8L or VP8X.</summary>
public sealed class WebpDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        return head.Matches(0, "RIFF"u8) && head.Matches(8, "WEBP"u8) && head.Matches(12, "VP8"u8) ? FileKinds.Webp : null;
    }
}
