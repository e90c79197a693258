using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>PNG images by their eight-byte signature (built to catch text-mode transfer damage, so never found by chance).</summary>
public sealed class PngDetector : IFileKindDetector
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.HasAt(0, Signature) ? FileKinds.Png : null;
    }
}
