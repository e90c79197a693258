using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// cpio archives: the portable ASCII formats (odc "070707" with octal fields, newc "070701", crc "070702" and afio
/// "070727" with hex fields) checked digit by digit, and the old binary format (0x71C7 in either byte order), whose two-byte magic
/// is only trusted with a plausible, NUL-terminated first name.
/// </summary>
public sealed class CpioDetector : IFileKindDetector
{
    private const int OdcFieldDigits = 70;
    private const int NewcFieldDigits = 104;
    private const int AfioLeadingDigits = 24;
    private const int BinaryHeaderLength = 26;
    private const int MaxNameLength = 4096;

    public int Priority => DetectorPriority.WeakMagic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        if (head.Matches(0, "070707"u8))
        {
            return AllDigits(head.Slice(6, OdcFieldDigits), hex: false) ? FileKinds.Cpio : null;
        }

        if (head.Matches(0, "070701"u8) || head.Matches(0, "070702"u8))
        {
            return AllDigits(head.Slice(6, NewcFieldDigits), hex: true) ? FileKinds.Cpio : null;
        }

        if (head.Matches(0, "070727"u8))
        {
            // afio's large ASCII header: hex device and inode numbers, then an "m" before the mode.
            return AllDigits(head.Slice(6, AfioLeadingDigits), hex: true) && head.U8(6 + AfioLeadingDigits) == 'm' ? FileKinds.Cpio : null;
        }

        if (head.Matches(0, [0xC7, 0x71]))
        {
            return IsBinaryHeader(head, littleEndian: true) ? FileKinds.Cpio : null;
        }

        return head.Matches(0, [0x71, 0xC7]) && IsBinaryHeader(head, littleEndian: false) ? FileKinds.Cpio : null;
    }

    private static bool AllDigits(ReadOnlySpan<byte> field, bool hex)
    {
        if (field.IsEmpty)
        {
            return false;
        }

        foreach (var b in field)
        {
            var ok = b is >= (byte)'0' and <= (byte)'7' || (hex && b is >= (byte)'8' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBinaryHeader(HeaderBytes head, bool littleEndian)
    {
        var mode = littleEndian ? head.U16Le(6) : head.U16Be(6);
        var links = littleEndian ? head.U16Le(12) : head.U16Be(12);
        var nameLength = littleEndian ? head.U16Le(20) : head.U16Be(20);
        if (!head.Has(0, BinaryHeaderLength) || nameLength is < 2 or > MaxNameLength)
        {
            return false;
        }

        var name = head.Slice(BinaryHeaderLength, nameLength);
        if (name.IsEmpty || name[^1] != 0)
        {
            return false;
        }

        foreach (var c in name[..^1])
        {
            if (c is < 0x20 or 0x7F)
            {
                return false;
            }
        }

        var fileType = mode & 0xF000;
        var isTrailer = name[..^1].SequenceEqual("TRAILER!!!"u8);
        return isTrailer || (links >= 1 && fileType is 0x1000 or 0x2000 or 0x4000 or 0x6000 or 0x8000 or 0xA000 or 0xC000);
    }
}
