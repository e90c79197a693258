using Crible.Identification;

namespace Crible.Scanners.Carving;

/// <summary>
/// Where an ELF image ends in a file: the furthest of its headers, its program segments' file data, its sections'
/// file data (not NOBITS) and its section header table. What follows is an overlay (a self-extracting archive's
/// payload, or something hidden). Both classes and both byte orders; every count and offset checked before use.
/// </summary>
internal static class ElfImageExtent
{
    private const int MaxEntries = 4096;
    private const int NoBits = 8;

    /// <summary>The length of the ELF image at the start of the file, or null when its headers cannot be followed.</summary>
    public static long? Measure(SampleBytes bytes)
    {
        var ident = new HeaderBytes(bytes.ReadAt(0, 64));
        if (!ident.Matches(0, [0x7F, (byte)'E', (byte)'L', (byte)'F']) || ident.U8(4) is not (1 or 2) || ident.U8(5) is not (1 or 2))
        {
            return null;
        }

        var layout = new ElfLayout(ident.U8(4) == 2, ident.U8(5) == 2);
        var header = new ElfFields(ident, layout);
        var programOffset = header.Word(layout.Is64 ? 0x20 : 0x1C);
        var sectionOffset = header.Word(layout.Is64 ? 0x28 : 0x20);
        var at = layout.Is64 ? 0x36 : 0x2A;
        var (programSize, programCount, sectionSize, sectionCount) = (header.Half(at), header.Half(at + 2), header.Half(at + 4), header.Half(at + 6));
        if (programOffset < 0 || sectionOffset < 0 || programCount > MaxEntries || sectionCount > MaxEntries)
        {
            return null;
        }

        long end = layout.Is64 ? 64 : 52;
        if (programCount > 0)
        {
            if (programSize < (layout.Is64 ? 56 : 32) || TableEnd(programOffset, programSize, programCount, bytes.Length) is not { } tableEnd)
            {
                return null;
            }

            end = Math.Max(end, Math.Max(tableEnd, SegmentsEnd(bytes, layout, programOffset, programSize, programCount)));
        }

        if (sectionCount > 0 && sectionOffset > 0)
        {
            if (sectionSize < (layout.Is64 ? 64 : 40) || TableEnd(sectionOffset, sectionSize, sectionCount, bytes.Length) is not { } tableEnd)
            {
                return null;
            }

            end = Math.Max(end, Math.Max(tableEnd, SectionsEnd(bytes, layout, sectionOffset, sectionSize, sectionCount)));
        }

        return end;
    }

    private static long? TableEnd(long offset, int entrySize, int count, long fileLength)
    {
        var end = offset + ((long)entrySize * count);
        return end <= fileLength ? end : null;
    }

    private static long SegmentsEnd(SampleBytes bytes, ElfLayout layout, long offset, int entrySize, int count)
    {
        var table = new HeaderBytes(bytes.ReadAt(offset, entrySize * count));
        var fields = new ElfFields(table, layout);
        long end = 0;
        for (var index = 0; index < count; index++)
        {
            var at = index * entrySize;
            var fileOffset = fields.Word(at + (layout.Is64 ? 0x08 : 0x04));
            var fileSize = fields.Word(at + (layout.Is64 ? 0x20 : 0x10));
            end = Math.Max(end, Within(fileOffset, fileSize, bytes.Length));
        }

        return end;
    }

    private static long SectionsEnd(SampleBytes bytes, ElfLayout layout, long offset, int entrySize, int count)
    {
        var table = new HeaderBytes(bytes.ReadAt(offset, entrySize * count));
        var fields = new ElfFields(table, layout);
        long end = 0;
        for (var index = 0; index < count; index++)
        {
            var at = index * entrySize;
            if (fields.Half(at + 4) == NoBits && fields.Half(at + 6) == 0)
            {
                continue;
            }

            var fileOffset = fields.Word(at + (layout.Is64 ? 0x18 : 0x10));
            var fileSize = fields.Word(at + (layout.Is64 ? 0x20 : 0x14));
            end = Math.Max(end, Within(fileOffset, fileSize, bytes.Length));
        }

        return end;
    }

    /// <summary>The end of a region when it lies in the file; a region pointing past the end is ignored rather than
    /// trusted (its data is not there, so it cannot hide what follows).</summary>
    private static long Within(long offset, long size, long fileLength) =>
        offset >= 0 && size >= 0 && offset <= fileLength && size <= fileLength - offset ? offset + size : 0;

    private readonly record struct ElfLayout(bool Is64, bool BigEndian);

    /// <summary>Reads ELF fields of the file's class and byte order; -1 when out of bounds.</summary>
    private readonly ref struct ElfFields(HeaderBytes bytes, ElfLayout layout)
    {
        private readonly HeaderBytes _bytes = bytes;

        public int Half(int offset) => layout.BigEndian ? _bytes.U16Be(offset) : _bytes.U16Le(offset);

        public long Word(int offset) => layout.Is64
            ? (layout.BigEndian ? _bytes.U64Be(offset) : _bytes.U64Le(offset))
            : (layout.BigEndian ? _bytes.U32Be(offset) : _bytes.U32Le(offset));
    }
}
