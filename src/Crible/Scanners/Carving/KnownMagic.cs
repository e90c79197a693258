using System.Buffers.Binary;

namespace Crible.Scanners.Carving;

/// <summary>A format recognised by the bytes it starts with, and the extension a sub-file of that format gets.</summary>
/// <param name="Name">Short name (for example <c>pe</c>, <c>zip</c>).</param>
/// <param name="Extension">Extension without its dot, for names of carved or decoded content.</param>
/// <param name="IsExecutable">True for native programs (a program hidden in an image or a document is suspicious).</param>
internal sealed record MagicFormat(string Name, string Extension, bool IsExecutable = false);

/// <summary>
/// The formats worth handing to the analyser when they turn up where they should not be: decoded from a string,
/// appended to another file, inside a document stream. Strong magics only (a two-byte "MZ" needs its PE header).
/// </summary>
internal static class KnownMagic
{
    public static readonly MagicFormat Pe = new("pe", "exe", IsExecutable: true);
    public static readonly MagicFormat Elf = new("elf", "elf", IsExecutable: true);
    public static readonly MagicFormat Zip = new("zip", "zip");
    public static readonly MagicFormat SevenZip = new("7z", "7z");
    public static readonly MagicFormat Rar = new("rar", "rar");
    public static readonly MagicFormat Cab = new("cab", "cab");
    public static readonly MagicFormat Gzip = new("gzip", "gz");
    public static readonly MagicFormat Bzip2 = new("bzip2", "bz2");

    /// <summary>Longest prefix <see cref="Identify"/> looks at.</summary>
    public const int PrefixLength = 64;

    private static readonly (byte[] Magic, MagicFormat Format)[] Fixed =
    [
        ("PK\u0003\u0004"u8.ToArray(), Zip),
        ([(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C], SevenZip),
        ("Rar!\u001A\u0007"u8.ToArray(), Rar),
        ("MSCF\0\0\0\0"u8.ToArray(), Cab),
        ([0x1F, 0x8B, 0x08], Gzip),
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], Elf),
        ([0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00], new MagicFormat("xz", "xz")),
        ("%PDF-"u8.ToArray(), new MagicFormat("pdf", "pdf")),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], new MagicFormat("ole2", "ole")),
        (@"{\rt"u8.ToArray(), new MagicFormat("rtf", "rtf")),
        ("ITSF"u8.ToArray(), new MagicFormat("chm", "chm")),
        ([0x4C, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00], new MagicFormat("lnk", "lnk")),
        ([0x78, 0x9F, 0x3E, 0x22], new MagicFormat("tnef", "dat")),
        ([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], new MagicFormat("png", "png")),
        ([0xFF, 0xD8, 0xFF], new MagicFormat("jpeg", "jpg")),
        ("GIF8"u8.ToArray(), new MagicFormat("gif", "gif")),
        ([0xCA, 0xFE, 0xBA, 0xBE], new MagicFormat("java-class", "class")),
    ];

    /// <summary>The format <paramref name="start"/> opens with, or null. A PE needs its "PE\0\0" within the bytes.</summary>
    public static MagicFormat? Identify(ReadOnlySpan<byte> start)
    {
        if (IsPeAt(start, 0))
        {
            return Pe;
        }

        if (start.Length >= 10 && start.StartsWith("BZh"u8) && start[3] is >= (byte)'1' and <= (byte)'9' && start[4..].StartsWith("1AY&SY"u8))
        {
            return Bzip2;
        }

        foreach (var (magic, format) in Fixed)
        {
            if (start.StartsWith(magic))
            {
                return format;
            }
        }

        return null;
    }

    /// <summary>True when an MZ header at <paramref name="offset"/> points (e_lfanew) at a "PE\0\0" inside the bytes.</summary>
    public static bool IsPeAt(ReadOnlySpan<byte> bytes, int offset)
    {
        if (offset < 0 || offset > bytes.Length - 0x40 || bytes[offset] != 'M' || bytes[offset + 1] != 'Z')
        {
            return false;
        }

        var lfanew = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + 0x3C)..]);
        return lfanew is >= 4 and <= PeImageExtent.MaxHeaderOffset
            && offset + (long)lfanew <= bytes.Length - 4
            && bytes.Slice(offset + (int)lfanew, 4).SequenceEqual("PE\0\0"u8);
    }
}
