using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Executables.Pe;

/// <summary>
/// A PE image read from its headers with every field bounds-checked: hand-made and packed programs overlap their
/// headers, hide the PE header inside the DOS header or leave section names empty, and they still must be read.
/// Reads through <see cref="Rva"/> never leave the file.
/// </summary>
public sealed class PeFile
{
    public const int MaxSections = 96;
    private const int CoffLength = 20;

    private PeFile(byte[] bytes, long headerOffset, int machine, long timestamp, int characteristics, bool is64, long entryPoint, long imageBase, int subsystem, long sizeOfImage, long sizeOfHeaders, IReadOnlyList<(long Rva, long Size)> directories, IReadOnlyList<PeSection> sections)
    {
        Bytes = bytes;
        HeaderOffset = headerOffset;
        Machine = machine;
        Timestamp = timestamp;
        Characteristics = characteristics;
        Is64 = is64;
        EntryPoint = entryPoint;
        ImageBase = imageBase;
        Subsystem = subsystem;
        SizeOfImage = sizeOfImage;
        SizeOfHeaders = sizeOfHeaders;
        Directories = directories;
        Sections = sections;
    }

    public byte[] Bytes { get; }

    /// <summary>Where "PE\0\0" is (e_lfanew).</summary>
    public long HeaderOffset { get; }

    public int Machine { get; }

    public long Timestamp { get; }

    public int Characteristics { get; }

    public bool Is64 { get; }

    public bool IsDll => (Characteristics & 0x2000) != 0;

    public long EntryPoint { get; }

    public long ImageBase { get; }

    public int Subsystem { get; }

    public long SizeOfImage { get; }

    public long SizeOfHeaders { get; }

    /// <summary>The data directories (export, import, resource, exception, security, ...), RVA and size each.</summary>
    public IReadOnlyList<(long Rva, long Size)> Directories { get; }

    public IReadOnlyList<PeSection> Sections { get; }

    public string MachineName => Machine switch
    {
        0x14C => "x86",
        0x8664 => "x64",
        0x1C0 or 0x1C4 => "ARM",
        0xAA64 => "ARM64",
        0x200 => "IA-64",
        _ => $"0x{Machine:x}",
    };

    /// <summary>Parses the headers; null when the bytes are not a PE (no MZ, no PE signature, an impossible table).</summary>
    public static PeFile? Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 0x40 || bytes[0] != 'M' || bytes[1] != 'Z')
        {
            return null;
        }

        var lfanew = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(0x3C));
        if (lfanew < 4 || lfanew > bytes.Length - 4 - CoffLength || !bytes.AsSpan((int)lfanew).StartsWith("PE\0\0"u8))
        {
            return null;
        }

        var coff = (int)lfanew + 4;
        var sectionCount = U16(bytes, coff + 2);
        var optionalLength = U16(bytes, coff + 16);
        var optional = coff + CoffLength;
        var magic = U16(bytes, optional);
        if (sectionCount > MaxSections || magic is not (0x10B or 0x20B))
        {
            return null;
        }

        var is64 = magic == 0x20B;
        var directoryStart = optional + (is64 ? 112 : 96);
        var directoryCount = (int)Math.Min(16, U32(bytes, directoryStart - 4));
        var directories = new List<(long, long)>();
        for (var index = 0; index < 16; index++)
        {
            var at = directoryStart + (index * 8);
            directories.Add(index < directoryCount && at + 8 <= optional + optionalLength ? (U32(bytes, at), U32(bytes, at + 4)) : (0, 0));
        }

        var sections = ReadSections(bytes, optional + optionalLength, sectionCount);
        return new PeFile(
            bytes,
            lfanew,
            U16(bytes, coff),
            U32(bytes, coff + 4),
            U16(bytes, coff + 18),
            is64,
            U32(bytes, optional + 16),
            is64 ? (long)Math.Min(U64(bytes, optional + 24), long.MaxValue) : U32(bytes, optional + 28),
            U16(bytes, optional + 68),
            U32(bytes, optional + 56),
            U32(bytes, optional + 60),
            directories,
            sections);
    }

    /// <summary>The file offset of <paramref name="rva"/>, or -1 when no section (nor the headers) backs it.</summary>
    public long RvaToOffset(long rva)
    {
        if (rva < 0)
        {
            return -1;
        }

        foreach (var section in Sections)
        {
            if (rva >= section.VirtualAddress && rva < section.VirtualAddress + section.RawSize && section.RawSize > 0)
            {
                // The loader rounds raw pointers down to 512 bytes, whatever the header says.
                var offset = (section.RawPointer & ~0x1FFL) + (rva - section.VirtualAddress);
                return offset < Bytes.Length ? offset : -1;
            }
        }

        return rva < Math.Max(SizeOfHeaders, 0x200) && rva < Bytes.Length ? rva : -1;
    }

    /// <summary>Up to <paramref name="maxLength"/> bytes of the file at <paramref name="rva"/> (empty when unmapped).</summary>
    public ReadOnlySpan<byte> Rva(long rva, int maxLength)
    {
        var offset = RvaToOffset(rva);
        return offset < 0 ? [] : Bytes.AsSpan((int)offset, (int)Math.Min(maxLength, Bytes.Length - offset));
    }

    /// <summary>The NUL-terminated ASCII string at <paramref name="rva"/>, at most <paramref name="maxLength"/> long.</summary>
    public string? AsciiAt(long rva, int maxLength = 256)
    {
        var bytes = Rva(rva, maxLength);
        var end = bytes.IndexOf((byte)0);
        if (end <= 0)
        {
            return null;
        }

        var text = Encoding.Latin1.GetString(bytes[..end]);
        return text.All(c => c is >= ' ' and < (char)0x7F) ? text : null;
    }

    /// <summary>The section that holds <paramref name="rva"/>, or null.</summary>
    public PeSection? SectionAt(long rva) => Sections.FirstOrDefault(s => s.Contains(rva));

    /// <summary>The raw bytes of a section as the file holds them.</summary>
    public ReadOnlySpan<byte> RawData(PeSection section)
    {
        var start = section.RawPointer & ~0x1FFL;
        if (section.RawSize <= 0 || start >= Bytes.Length)
        {
            return [];
        }

        return Bytes.AsSpan((int)start, (int)Math.Min(section.RawSize, Bytes.Length - start));
    }

    internal static int U16(byte[] bytes, long at) => at >= 0 && at <= bytes.Length - 2 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)at)) : 0;

    internal static long U32(byte[] bytes, long at) => at >= 0 && at <= bytes.Length - 4 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)at)) : 0;

    internal static ulong U64(byte[] bytes, long at) => at >= 0 && at <= bytes.Length - 8 ? BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)at)) : 0;

    private static List<PeSection> ReadSections(byte[] bytes, long table, int count)
    {
        var sections = new List<PeSection>();
        for (var index = 0; index < count; index++)
        {
            var at = table + (index * 40);
            if (at < 0 || at + 40 > bytes.Length)
            {
                break;
            }

            var rawName = bytes.AsSpan((int)at, 8).ToArray();
            var name = new string(rawName.TakeWhile(b => b != 0).Select(b => b is >= 0x20 and < 0x7F ? (char)b : '?').ToArray());
            sections.Add(new PeSection(name, rawName, U32(bytes, at + 12), U32(bytes, at + 8), U32(bytes, at + 20), U32(bytes, at + 16), (uint)U32(bytes, at + 36)));
        }

        return sections;
    }
}
