using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Executables.Elf;

/// <summary>One ELF section: its name, type, where its bytes are and how big it is.</summary>
public sealed record ElfSection(string Name, uint Type, long Offset, long Size, long Link);

/// <summary>
/// An ELF file read from its headers, both classes and both byte orders, every offset checked against the file:
/// the section and program headers, the libraries it needs and the symbols it imports.
/// </summary>
public sealed class ElfFile
{
    public const int MaxSections = 4096;
    public const int MaxSymbols = 50_000;
    private const uint SymbolTable = 2;
    private const uint DynamicSymbols = 11;
    private const uint Dynamic = 6;
    private readonly byte[] _bytes;

    private ElfFile(byte[] bytes, bool is64, bool bigEndian)
    {
        _bytes = bytes;
        Is64 = is64;
        BigEndian = bigEndian;
        Type = U16(16);
        Machine = U16(18);
        Entry = is64 ? U64(24) : U32(24);
        Sections = ReadSections();
        ProgramTypes = ReadProgramTypes();
    }

    public bool Is64 { get; }

    public bool BigEndian { get; }

    public int Type { get; }

    public int Machine { get; }

    public long Entry { get; }

    public IReadOnlyList<ElfSection> Sections { get; }

    public IReadOnlyList<uint> ProgramTypes { get; }

    public bool HasInterpreter => ProgramTypes.Contains(3u);

    public bool IsDynamic => ProgramTypes.Contains(2u) || Sections.Any(s => s.Type == Dynamic);

    public bool IsStripped => Sections.Count > 0 && Sections.All(s => s.Type != SymbolTable);

    public string TypeName => Type switch
    {
        1 => "relocatable object",
        2 => "executable",
        3 => HasInterpreter ? "position-independent executable" : "shared library",
        4 => "core dump",
        _ => $"type {Type}",
    };

    public string MachineName => Machine switch
    {
        3 => "x86",
        62 => "x86-64",
        40 => "ARM",
        183 => "AArch64",
        8 => "MIPS",
        20 => "PowerPC",
        21 => "PowerPC64",
        243 => "RISC-V",
        2 => "SPARC",
        _ => $"machine {Machine}",
    };

    public static ElfFile? Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 52 || !bytes.AsSpan().StartsWith("\x7F"u8) || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F' || bytes[4] is not (1 or 2) || bytes[5] is not (1 or 2))
        {
            return null;
        }

        return new ElfFile(bytes, bytes[4] == 2, bytes[5] == 2);
    }

    /// <summary>The libraries named by DT_NEEDED entries of the dynamic section.</summary>
    public IReadOnlyList<string> NeededLibraries()
    {
        var dynamic = Sections.FirstOrDefault(s => s.Type == Dynamic);
        if (dynamic is null || dynamic.Link >= Sections.Count)
        {
            return [];
        }

        var strings = Sections[(int)dynamic.Link];
        var entry = Is64 ? 16 : 8;
        var needed = new List<string>();
        for (long at = dynamic.Offset; at + entry <= dynamic.Offset + dynamic.Size && needed.Count < 1024; at += entry)
        {
            var tag = Is64 ? U64(at) : U32(at);
            if (tag == 0)
            {
                break;
            }

            if (tag == 1 && StringAt(strings, Is64 ? U64(at + 8) : U32(at + 4)) is { } name)
            {
                needed.Add(name);
            }
        }

        return needed;
    }

    /// <summary>Undefined symbols of the dynamic symbol table: the functions the program imports.</summary>
    public IReadOnlyList<string> ImportedSymbols()
    {
        var table = Sections.FirstOrDefault(s => s.Type == DynamicSymbols);
        if (table is null || table.Link >= Sections.Count)
        {
            return [];
        }

        var strings = Sections[(int)table.Link];
        var entry = Is64 ? 24 : 16;
        var symbols = new List<string>();
        for (long at = table.Offset + entry; at + entry <= table.Offset + table.Size && symbols.Count < MaxSymbols; at += entry)
        {
            var name = U32(at);
            var sectionIndex = U16(at + (Is64 ? 6 : 14));
            if (sectionIndex == 0 && StringAt(strings, name) is { Length: > 0 } symbol)
            {
                symbols.Add(symbol);
            }
        }

        return symbols;
    }

    private List<ElfSection> ReadSections()
    {
        var offset = Is64 ? U64(40) : U32(32);
        var entrySize = U16(Is64 ? 58 : 46);
        var count = Math.Min(U16(Is64 ? 60 : 48), MaxSections);
        var namesIndex = U16(Is64 ? 62 : 50);
        if (offset <= 0 || entrySize < (Is64 ? 64 : 40) || offset + ((long)count * entrySize) > _bytes.Length)
        {
            return [];
        }

        var raw = new List<(long Name, uint Type, long Offset, long Size, long Link)>();
        for (var index = 0; index < count; index++)
        {
            var at = offset + ((long)index * entrySize);
            raw.Add(Is64
                ? (U32(at), (uint)U32(at + 4), U64(at + 24), U64(at + 32), U32(at + 40))
                : (U32(at), (uint)U32(at + 4), U32(at + 16), U32(at + 20), U32(at + 24)));
        }

        var names = namesIndex < raw.Count ? new ElfSection(string.Empty, 3, raw[namesIndex].Offset, raw[namesIndex].Size, 0) : null;
        return raw.Select(r => new ElfSection(names is null ? string.Empty : StringAt(names, r.Name) ?? string.Empty, r.Type, r.Offset, r.Size, r.Link)).ToList();
    }

    private List<uint> ReadProgramTypes()
    {
        var offset = Is64 ? U64(32) : U32(28);
        var entrySize = U16(Is64 ? 54 : 42);
        var count = Math.Min(U16(Is64 ? 56 : 44), 1024);
        var types = new List<uint>();
        for (var index = 0; index < count && entrySize > 0; index++)
        {
            var at = offset + ((long)index * entrySize);
            if (at + 4 > _bytes.Length)
            {
                break;
            }

            types.Add((uint)U32(at));
        }

        return types;
    }

    private string? StringAt(ElfSection table, long index)
    {
        var at = table.Offset + index;
        if (index < 0 || index >= table.Size || at < 0 || at >= _bytes.Length)
        {
            return null;
        }

        var span = _bytes.AsSpan((int)at, (int)Math.Min(Math.Min(256, table.Size - index), _bytes.Length - at));
        var end = span.IndexOf((byte)0);
        return Encoding.Latin1.GetString(end < 0 ? span : span[..end]);
    }

    private int U16(long at) => at >= 0 && at + 2 <= _bytes.Length ? (BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_bytes.AsSpan((int)at)) : BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan((int)at))) : 0;

    private long U32(long at) => at >= 0 && at + 4 <= _bytes.Length ? (BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(_bytes.AsSpan((int)at)) : BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan((int)at))) : 0;

    private long U64(long at) => at >= 0 && at + 8 <= _bytes.Length ? (long)Math.Min(BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(_bytes.AsSpan((int)at)) : BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan((int)at)), long.MaxValue) : 0;
}
