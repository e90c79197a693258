using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>ARJ archives. The magic is only two bytes (60 EA), so the main header must also be the right size and
/// carry a CRC-32 that matches its contents.</summary>
public sealed class ArjDetector : IFileKindDetector
{
    private const int MaxBasicHeaderSize = 2600;
    private const int MinFirstHeaderSize = 20;
    private const int MainHeaderType = 2;

    public int Priority => DetectorPriority.WeakMagic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        var basicSize = head.U16Le(2);
        var firstSize = head.U8(4);
        if (!head.Matches(0, [0x60, 0xEA]) || basicSize is < MinFirstHeaderSize or > MaxBasicHeaderSize
            || firstSize < MinFirstHeaderSize || firstSize > basicSize || head.U8(10) != MainHeaderType)
        {
            return null;
        }

        var storedCrc = head.U32Le(4 + basicSize);
        return storedCrc >= 0 && Crc32.Compute(head.Slice(4, basicSize)) == storedCrc ? FileKinds.Arj : null;
    }
}
