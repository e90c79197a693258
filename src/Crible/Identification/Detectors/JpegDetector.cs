using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>JPEG images: start-of-image (FF D8) immediately followed by another marker (FF C0–FE: APPn, DQT,
/// DHT, SOFn, COM...).</summary>
public sealed class JpegDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        return head.Matches(0, [0xFF, 0xD8, 0xFF]) && head.U8(3) is >= 0xC0 and <= 0xFE ? FileKinds.Jpeg : null;
    }
}
