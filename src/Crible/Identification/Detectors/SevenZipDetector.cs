using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>7-Zip archives by their six-byte signature (the version that follows is not checked: a damaged archive
/// is still one for the 7-Zip reader to report on).</summary>
public sealed class SevenZipDetector : IFileKindDetector
{
    private static readonly byte[] Signature = [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.HasAt(0, Signature) ? FileKinds.SevenZip : null;
    }
}
