using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// Apple UDIF disk images by their "koly" trailer (version 4, 512 bytes) in the last 512 bytes. It runs before the
/// magic detectors because the image's data fork may itself begin with a bzip2 or zlib block.
/// </summary>
public sealed class DmgDetector : IFileKindDetector
{
    private const int TrailerLength = 512;

    public int Priority => DetectorPriority.Magic - 10;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (probe.Length < TrailerLength)
        {
            return null;
        }

        // Only the trailer is read: this runs early, for every file.
        var trailer = new HeaderBytes(probe.ReadAt(probe.Length - TrailerLength, TrailerLength));
        return trailer.Matches(0, "koly"u8) && trailer.U32Be(4) == 4 && trailer.U32Be(8) == TrailerLength ? FileKinds.Dmg : null;
    }
}
