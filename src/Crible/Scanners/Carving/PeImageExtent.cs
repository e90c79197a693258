using Crible.Identification;

namespace Crible.Scanners.Carving;

/// <summary>
/// Where a PE image ends in a file: the furthest of its headers, its sections' raw data and its Authenticode
/// certificate table. What follows is the overlay. Reads only the headers, each length checked before use.
/// </summary>
internal static class PeImageExtent
{
    /// <summary>Largest e_lfanew accepted; real linkers put the PE header within the first KiB.</summary>
    public const int MaxHeaderOffset = 0x10000;

    private const int MaxSections = 96;
    private const int CoffHeaderLength = 20;
    private const int SectionHeaderLength = 40;
    private const int SecurityDirectory = 4;

    /// <summary>The length of the PE image that starts at <paramref name="start"/>, or null when its headers are not
    /// those of a PE (or point outside the file).</summary>
    public static long? Measure(SampleBytes bytes, long start)
    {
        var dos = new HeaderBytes(bytes.ReadAt(start, 0x40));
        var lfanew = dos.U32Le(0x3C);
        if (!dos.Matches(0, "MZ"u8) || lfanew is < 4 or > MaxHeaderOffset)
        {
            return null;
        }

        var headerBytes = bytes.ReadAt(start + lfanew, 4 + CoffHeaderLength + 0x1000 + (MaxSections * SectionHeaderLength));
        var header = new HeaderBytes(headerBytes);
        var sections = header.U16Le(4 + 2);
        var optionalLength = header.U16Le(4 + 16);
        if (!header.Matches(0, "PE\0\0"u8) || sections is < 0 or > MaxSections || optionalLength is < 0 or > 0x1000)
        {
            return null;
        }

        var optional = 4 + CoffHeaderLength;
        var table = optional + optionalLength;
        if (!header.Has(table, sections * SectionHeaderLength))
        {
            return null;
        }

        long end = Math.Max(lfanew + table + (sections * SectionHeaderLength), Math.Max(0, header.U32Le(optional + 60)));
        for (var index = 0; index < sections; index++)
        {
            var at = table + (index * SectionHeaderLength);
            var rawSize = header.U32Le(at + 16);
            var rawPointer = header.U32Le(at + 20);
            if (rawSize > 0 && rawPointer > 0)
            {
                end = Math.Max(end, rawPointer + rawSize);
            }
        }

        var (certificateOffset, certificateSize) = Certificate(header, optional, optionalLength);
        if (certificateSize > 0 && certificateOffset >= end - 8 && certificateOffset + certificateSize <= bytes.Length - start)
        {
            end = Math.Max(end, certificateOffset + certificateSize);
        }

        return end;
    }

    /// <summary>The security directory: a file offset (not an RVA) and a size.</summary>
    private static (long Offset, long Size) Certificate(HeaderBytes header, int optional, int optionalLength)
    {
        var magic = header.U16Le(optional);
        var directories = magic switch
        {
            0x10B => 96,
            0x20B => 112,
            _ => -1,
        };
        var count = directories < 0 ? -1 : header.U32Le(optional + directories - 4);
        var entry = optional + directories + (SecurityDirectory * 8);
        if (count <= SecurityDirectory || entry + 8 > optional + optionalLength)
        {
            return (0, 0);
        }

        return (Math.Max(0, header.U32Le(entry)), Math.Max(0, header.U32Le(entry + 4)));
    }
}
