using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>Windows shortcuts: header size 0x4C followed by the shell-link CLSID
/// {00021401-0000-0000-C000-000000000046}.</summary>
public sealed class LnkDetector : IFileKindDetector
{
    private static readonly byte[] Header =
    [
        0x4C, 0x00, 0x00, 0x00,
        0x01, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46,
    ];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.HasAt(0, Header) ? FileKinds.Lnk : null;
    }
}
