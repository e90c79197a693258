using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// LHA/LZH archives: a method id such as "-lh5-" or "-lzs-" at offset 2, a header level 0–3 at offset 20 and, for
/// levels 0 and 1, the one-byte header checksum.
/// </summary>
public sealed class LhaDetector : IFileKindDetector
{
    private const int LevelOffset = 20;
    private const int MinLevel01HeaderSize = 22;

    public int Priority => DetectorPriority.WeakMagic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        if (!HasMethodId(head))
        {
            return null;
        }

        return head.U8(LevelOffset) switch
        {
            0 or 1 => ChecksumMatches(head) ? FileKinds.Lha : null,
            2 => head.U16Le(0) > LevelOffset ? FileKinds.Lha : null,
            3 => head.U16Le(0) == 4 ? FileKinds.Lha : null,
            _ => null,
        };
    }

    private static bool HasMethodId(HeaderBytes head)
    {
        if (!head.Matches(2, "-l"u8) || head.U8(6) != '-')
        {
            return false;
        }

        var family = head.U8(4);
        var variant = head.U8(5);
        return (family == 'h' && variant is >= '0' and <= '7' or 'd') || (family == 'z' && variant is 's' or '4' or '5');
    }

    private static bool ChecksumMatches(HeaderBytes head)
    {
        var size = head.U8(0);
        var stored = head.U8(1);
        var header = head.Slice(2, size);
        if (size < MinLevel01HeaderSize || header.IsEmpty)
        {
            return false;
        }

        var sum = 0;
        foreach (var b in header)
        {
            sum += b;
        }

        return (sum & 0xFF) == stored;
    }
}
