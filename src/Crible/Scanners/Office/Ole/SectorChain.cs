using System.Collections;

namespace Crible.Scanners.Office.Ole;

/// <summary>
/// Follows a chain of sectors through an allocation table (FAT or mini FAT) without trusting it: a sector seen twice
/// (a cycle), a number outside the file or a chain longer than asked all end the walk with a stated problem.
/// </summary>
public static class SectorChain
{
    /// <summary>Highest number of a real sector; the values above are markers.</summary>
    public const uint MaxRegularSector = 0xFFFFFFFA;
    public const uint DifatSector = 0xFFFFFFFC;
    public const uint FatSector = 0xFFFFFFFD;
    public const uint EndOfChain = 0xFFFFFFFE;
    public const uint FreeSector = 0xFFFFFFFF;

    /// <summary>
    /// The sectors of the chain that starts at <paramref name="start"/>, at most <paramref name="maxLength"/> of them,
    /// each below <paramref name="sectorCount"/>.
    /// </summary>
    /// <param name="next">The table lookup: the entry for a sector.</param>
    /// <param name="problem">Null when the chain ended properly or reached <paramref name="maxLength"/>.</param>
    public static List<uint> Follow(uint start, Func<uint, uint> next, long sectorCount, long maxLength, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(next);
        problem = null;
        var sectors = new List<uint>((int)Math.Clamp(maxLength, 0, 4096));
        if (start == EndOfChain || maxLength <= 0)
        {
            return sectors;
        }

        var seen = new BitArray((int)Math.Clamp(sectorCount, 0, int.MaxValue));
        var sector = start;
        while (sectors.Count < maxLength)
        {
            if (sector == EndOfChain)
            {
                return sectors;
            }

            if (sector > MaxRegularSector || sector >= sectorCount || sector >= (uint)seen.Length)
            {
                problem = sector > MaxRegularSector
                    ? $"the chain from sector {start} is broken by marker 0x{sector:X8} after {sectors.Count} sectors"
                    : $"the chain from sector {start} points outside the file (sector {sector} of {sectorCount})";
                return sectors;
            }

            if (seen[(int)sector])
            {
                problem = $"the chain from sector {start} loops back to sector {sector}";
                return sectors;
            }

            seen[(int)sector] = true;
            sectors.Add(sector);
            sector = next(sector);
        }

        return sectors;
    }
}
