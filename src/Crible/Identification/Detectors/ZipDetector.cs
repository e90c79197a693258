using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>ZIP archives by the record they start with (a local header, an empty archive's end record or a spanned
/// archive's marker). A ZIP appended to something else is <see cref="AppendedZipDetector"/>'s business.</summary>
public sealed class ZipDetector : IFileKindDetector
{
    private static readonly byte[] LocalHeader = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] EmptyArchive = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] SpannedArchive = [0x50, 0x4B, 0x07, 0x08];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.HasAt(0, LocalHeader) || probe.HasAt(0, EmptyArchive) || probe.HasAt(0, SpannedArchive) ? FileKinds.Zip : null;
    }
}
