using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// TIFF images ("II*\0" little-endian, "MM\0*" big-endian; BigTIFF with 43): the four-byte magic also opens random
/// data, so the first image file directory must lie inside the file and hold a plausible number of entries.
/// </summary>
public sealed class TiffDetector : IFileKindDetector
{
    private const int MaxEntries = 1000;

    public int Priority => DetectorPriority.WeakMagic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        var little = head.Matches(0, "II"u8);
        if (!little && !head.Matches(0, "MM"u8))
        {
            return null;
        }

        var version = little ? head.U16Le(2) : head.U16Be(2);
        return version switch
        {
            42 => HasPlausibleDirectory(probe, little ? head.U32Le(4) : head.U32Be(4), little, 2) ? FileKinds.Tiff : null,
            43 => (little ? head.U16Le(4) : head.U16Be(4)) == 8
                && HasPlausibleDirectory(probe, little ? head.U64Le(8) : head.U64Be(8), little, 8) ? FileKinds.Tiff : null,
            _ => null,
        };
    }

    private static bool HasPlausibleDirectory(FileProbe probe, long offset, bool little, int countWidth)
    {
        if (offset < 8 || offset > probe.Length - countWidth)
        {
            return false;
        }

        var directory = new HeaderBytes(probe.ReadAt(offset, countWidth));
        long entries = (countWidth, little) switch
        {
            (2, true) => directory.U16Le(0),
            (2, false) => directory.U16Be(0),
            (_, true) => directory.U64Le(0),
            _ => directory.U64Be(0),
        };
        return entries is >= 1 and <= MaxEntries;
    }
}
