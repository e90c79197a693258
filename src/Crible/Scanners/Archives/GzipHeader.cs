using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Archives;

/// <summary>Reads the original file name (FNAME) a gzip header may carry, within bounds.</summary>
internal static class GzipHeader
{
    private const int FixedLength = 10;
    private const int ExtraFlag = 0x04;
    private const int NameFlag = 0x08;
    private const int MaxNameLength = 1024;

    /// <summary>The stored name without any directory part, or null when there is none (or it is unreadable).</summary>
    public static string? FileName(ReadOnlySpan<byte> head)
    {
        if (head.Length < FixedLength || (head[3] & NameFlag) == 0)
        {
            return null;
        }

        var offset = FixedLength;
        if ((head[3] & ExtraFlag) != 0)
        {
            if (head.Length < offset + 2)
            {
                return null;
            }

            offset += 2 + BinaryPrimitives.ReadUInt16LittleEndian(head[offset..]);
        }

        if (offset >= head.Length)
        {
            return null;
        }

        var rest = head[offset..];
        var end = rest[..Math.Min(rest.Length, MaxNameLength)].IndexOf((byte)0);
        if (end <= 0)
        {
            return null;
        }

        var name = Encoding.Latin1.GetString(rest[..end]);
        var baseName = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        return baseName.Length == 0 ? null : baseName;
    }
}
