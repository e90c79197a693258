using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Executables.Lnk;

/// <summary>What a Windows shortcut (MS-SHLLINK) points at and how it starts it.</summary>
public sealed record ShellLink(
    string? Target,
    string? Arguments,
    string? WorkingDirectory,
    string? IconLocation,
    string? Name,
    string? RelativePath,
    string? NetworkShare,
    int ShowCommand,
    IReadOnlyList<string> Problems)
{
    /// <summary>SW_SHOWMINNOACTIVE: the window starts minimised, out of sight.</summary>
    public bool StartsMinimised => ShowCommand == 7;
}

/// <summary>
/// Reads a shell link: the header, the target ID list (shell items: volume and file entries), LinkInfo (local base
/// path, network share), the string data (name, relative path, working directory, arguments, icon) and the
/// environment-variable extra block. Every size read from the file is checked; what cannot be read is listed in
/// <see cref="ShellLink.Problems"/>.
/// </summary>
public static class ShellLinkReader
{
    private const int HeaderSize = 0x4C;
    private const int MaxStringChars = 32768;
    private static readonly byte[] ExtensionSignature = [0x04, 0x00, 0xEF, 0xBE];

    public static ShellLink? Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != HeaderSize)
        {
            return null;
        }

        var problems = new List<string>();
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(bytes[0x14..]);
        var show = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[0x3C..]);
        var at = HeaderSize;
        string? idListPath = null;
        if ((flags & 0x1) != 0)
        {
            var size = U16(bytes, at);
            idListPath = IdListPath(Slice(bytes, at + 2, size));
            at += 2 + size;
        }

        string? localPath = null;
        string? share = null;
        if ((flags & 0x2) != 0 && (flags & 0x100) == 0)
        {
            var size = (int)Math.Min(U32(bytes, at), int.MaxValue);
            (localPath, share) = LinkInfo(Slice(bytes, at, size));
            at += Math.Max(size, 4);
        }

        var unicode = (flags & 0x80) != 0;
        var strings = new string?[5];
        for (var index = 0; index < 5; index++)
        {
            if ((flags & (0x4u << index)) == 0)
            {
                continue;
            }

            var count = U16(bytes, at);
            var length = unicode ? count * 2 : count;
            if (at + 2 + length > bytes.Length || count > MaxStringChars)
            {
                problems.Add("string data runs past the end of the file");
                break;
            }

            strings[index] = (unicode ? Encoding.Unicode : Encoding.Latin1).GetString(bytes.Slice(at + 2, length));
            at += 2 + length;
        }

        var environmentTarget = EnvironmentTarget(bytes, at);
        var target = localPath ?? environmentTarget ?? idListPath ?? share;
        return new ShellLink(target, strings[3], strings[2], strings[4], strings[0], strings[1], share, show, problems);
    }

    /// <summary>Joins the names of the volume and file-entry shell items ("C:\", "Windows", "System32", ...).</summary>
    private static string? IdListPath(ReadOnlySpan<byte> list)
    {
        var parts = new List<string>();
        var at = 0;
        for (var items = 0; items < 64 && at + 2 <= list.Length; items++)
        {
            var size = U16(list, at);
            if (size < 3 || at + size > list.Length)
            {
                break;
            }

            var item = list.Slice(at, size);
            var type = item[2] & 0x70;
            if (type == 0x20 && size > 4)
            {
                parts.Add(AnsiZ(item[3..]).TrimEnd('\\'));
            }
            else if (type == 0x30 && size > 14)
            {
                parts.Add(LongName(item) ?? AnsiZ(item[14..]));
            }

            at += size;
        }

        return parts.Count == 0 ? null : string.Join('\\', parts.Where(p => p.Length > 0));
    }

    /// <summary>The Unicode long name in a file entry's extension block (signature 0xBEEF0004), when present; where
    /// it starts depends on the block's version.</summary>
    private static string? LongName(ReadOnlySpan<byte> item)
    {
        var signature = item.IndexOf(ExtensionSignature);
        if (signature < 4)
        {
            return null;
        }

        var block = signature - 4;
        var start = U16(item, block + 2) switch
        {
            >= 9 => 0x2E,
            8 => 0x2A,
            7 => 0x26,
            >= 3 => 0x14,
            _ => 0x12,
        };
        if (block + start >= item.Length)
        {
            return null;
        }

        var name = UnicodeZ(item[(block + start)..]);
        return name.Length == 0 || name.Any(char.IsControl) ? null : name;
    }

    private static (string? Local, string? Share) LinkInfo(ReadOnlySpan<byte> info)
    {
        if (info.Length < 0x1C)
        {
            return (null, null);
        }

        var headerSize = U32(info, 4);
        var infoFlags = U32(info, 8);
        string? local = null;
        string? share = null;
        if ((infoFlags & 1) != 0)
        {
            local = headerSize >= 0x24 && U32(info, 0x1C) is > 0 and var unicodeOffset && unicodeOffset < info.Length
                ? UnicodeZ(info[(int)unicodeOffset..])
                : OffsetAnsi(info, U32(info, 0x10));
            var suffix = OffsetAnsi(info, U32(info, 0x18));
            local = string.IsNullOrEmpty(suffix) ? local : local + suffix;
        }

        var network = U32(info, 0x14);
        if ((infoFlags & 2) != 0 && network > 0 && network + 0x14 <= info.Length)
        {
            var link = info[(int)network..];
            share = OffsetAnsi(link, U32(link, 8));
        }

        return (string.IsNullOrEmpty(local) ? null : local, string.IsNullOrEmpty(share) ? null : share);
    }

    private static string? EnvironmentTarget(ReadOnlySpan<byte> bytes, int at)
    {
        for (var blocks = 0; blocks < 32 && at + 8 <= bytes.Length; blocks++)
        {
            var size = (int)Math.Min(U32(bytes, at), int.MaxValue);
            if (size < 8 || at + size > bytes.Length)
            {
                return null;
            }

            if (U32(bytes, at + 4) == 0xA0000001 && size >= 0x314)
            {
                var unicode = UnicodeZ(bytes.Slice(at + 8 + 260, 520));
                return string.IsNullOrEmpty(unicode) ? AnsiZ(bytes.Slice(at + 8, 260)) : unicode;
            }

            at += size;
        }

        return null;
    }

    private static string? OffsetAnsi(ReadOnlySpan<byte> bytes, long offset) => offset > 0 && offset < bytes.Length ? AnsiZ(bytes[(int)offset..]) : null;

    private static string AnsiZ(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.Latin1.GetString(end < 0 ? bytes : bytes[..end]);
    }

    private static string UnicodeZ(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder();
        for (var at = 0; at + 1 < bytes.Length && builder.Length < MaxStringChars; at += 2)
        {
            var c = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);
            if (c == 0)
            {
                break;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> bytes, int at, int length) =>
        at >= 0 && length >= 0 && at <= bytes.Length ? bytes.Slice(at, Math.Min(length, bytes.Length - at)) : [];

    private static int U16(ReadOnlySpan<byte> bytes, int at) => at >= 0 && at + 2 <= bytes.Length ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]) : 0;

    private static long U32(ReadOnlySpan<byte> bytes, int at) => at >= 0 && at + 4 <= bytes.Length ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]) : 0;
}
