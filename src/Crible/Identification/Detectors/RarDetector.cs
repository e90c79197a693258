using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>RAR archives: RAR 1.5–4 ("Rar!\x1A\x07\x00"), RAR 5 ("Rar!\x1A\x07\x01\x00") and RAR 1.4 ("RE~^").
/// Self-extracting RARs are PE files first.</summary>
public sealed class RarDetector : IFileKindDetector
{
    private static readonly byte[] Rar4 = [(byte)'R', (byte)'a', (byte)'r', (byte)'!', 0x1A, 0x07, 0x00];
    private static readonly byte[] Rar5 = [(byte)'R', (byte)'a', (byte)'r', (byte)'!', 0x1A, 0x07, 0x01, 0x00];
    private static readonly byte[] Rar14 = [(byte)'R', (byte)'E', 0x7E, 0x5E];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.HasAt(0, Rar4) || probe.HasAt(0, Rar5) || probe.HasAt(0, Rar14) ? FileKinds.Rar : null;
    }
}
