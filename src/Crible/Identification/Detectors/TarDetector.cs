using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// tar archives: a POSIX/GNU "ustar" magic at 257, or for the old v7 format (no magic) a first header whose
/// checksum matches, with a name and octal numeric fields.
/// </summary>
public sealed class TarDetector : IFileKindDetector
{
    private const int BlockSize = 512;
    private const int MagicOffset = 257;
    private const int ChecksumOffset = 148;
    private const int ChecksumLength = 8;

    public int Priority => DetectorPriority.Structure;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        if (!head.Has(0, BlockSize))
        {
            return null;
        }

        var header = head.Slice(0, BlockSize);
        var separator = head.U8(MagicOffset + 5);
        if (head.Matches(MagicOffset, "ustar"u8) && separator is 0 or ' ')
        {
            return FileKinds.Tar;
        }

        return header[0] != 0 && ChecksumMatches(header) ? FileKinds.Tar : null;
    }

    private static bool ChecksumMatches(ReadOnlySpan<byte> header)
    {
        if (!TryParseOctal(header.Slice(ChecksumOffset, ChecksumLength), out var stored))
        {
            return false;
        }

        long unsigned = 0;
        long signed = 0;
        for (var i = 0; i < header.Length; i++)
        {
            var b = i is >= ChecksumOffset and < ChecksumOffset + ChecksumLength ? (byte)' ' : header[i];
            unsigned += b;
            signed += (sbyte)b;
        }

        return stored == unsigned || stored == signed;
    }

    private static bool TryParseOctal(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        var digits = 0;
        var i = 0;
        while (i < field.Length && field[i] == ' ')
        {
            i++;
        }

        for (; i < field.Length && field[i] is >= (byte)'0' and <= (byte)'7'; i++, digits++)
        {
            value = (value * 8) + (field[i] - '0');
        }

        // What follows the digits may only be NUL or space terminators.
        for (; i < field.Length; i++)
        {
            if (field[i] is not (0 or (byte)' '))
            {
                return false;
            }
        }

        return digits > 0;
    }
}
