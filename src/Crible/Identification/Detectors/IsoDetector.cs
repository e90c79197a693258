using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// Optical disc images: an ISO 9660 volume descriptor ("CD001") in sector 16, 17 or 18, or a UDF volume recognition
/// sequence ("BEA01" then "NSR02"/"NSR03") in the descriptors that follow the 32 KiB system area. The system area
/// itself is free-form (boot code, a hybrid MBR), so nothing at offset 0 is required.
/// </summary>
public sealed class IsoDetector : IFileKindDetector
{
    private const int SystemAreaLength = 32 * 1024;
    private const int DescriptorStride = 2048;
    private const int DescriptorsToScan = 32;

    public int Priority => DetectorPriority.Structure;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (probe.Length <= SystemAreaLength)
        {
            return null;
        }

        var area = probe.ReadAt(SystemAreaLength, DescriptorStride * DescriptorsToScan);
        var descriptors = new HeaderBytes(area);
        for (var i = 0; i < 3; i++)
        {
            if (descriptors.Matches((i * DescriptorStride) + 1, "CD001"u8))
            {
                return FileKinds.Iso;
            }
        }

        return HasUdfRecognitionSequence(descriptors) ? FileKinds.Iso : null;
    }

    private static bool HasUdfRecognitionSequence(HeaderBytes descriptors)
    {
        var sawBeginning = false;
        for (var offset = 0; descriptors.Has(offset, 6); offset += DescriptorStride)
        {
            if (descriptors.Matches(offset + 1, "BEA01"u8))
            {
                sawBeginning = true;
            }
            else if (sawBeginning && (descriptors.Matches(offset + 1, "NSR02"u8) || descriptors.Matches(offset + 1, "NSR03"u8)))
            {
                return true;
            }
        }

        return false;
    }
}
