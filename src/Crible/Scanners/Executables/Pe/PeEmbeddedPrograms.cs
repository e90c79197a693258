using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Executables.Pe;

/// <summary>
/// Programs carried inside a PE: in its resources, in its managed (.NET) resources and in the raw data of its
/// sections (droppers keep their payload in .data or .rsrc). Each is cut at the end of its own image and emitted
/// once as an embedded child; the overlay after the last section is the carving family's.
/// </summary>
internal sealed class PeEmbeddedPrograms(PeFile pe, ScanContext context)
{
    private const int MaxPrograms = 16;
    private const int MaxCandidates = 10_000;
    private readonly HashSet<long> _emitted = [];
    private int _count;

    public async ValueTask RunAsync(IReadOnlyList<(string Name, byte[] Data)> managed, CancellationToken cancellation)
    {
        foreach (var resource in PeResources.Read(pe))
        {
            if (IsProgramAt(resource.Offset) && !await EmitAsync(resource.Offset, resource.Length, $"resource/{resource.Path}", "resource", cancellation).ConfigureAwait(false))
            {
                return;
            }
        }

        foreach (var (name, data) in managed)
        {
            if (++_count > MaxPrograms)
            {
                return;
            }

            context.Report("embedded-program", Severity.Suspicious, "A program is embedded in a .NET resource", $"resource \"{name}\", {data.Length} bytes", ["T1027.009"]);
            await context.EmitAsync(data, $"dotnet-resource/{name}", Relation.Embedded, cancellation).ConfigureAwait(false);
        }

        await CarveSectionsAsync(cancellation).ConfigureAwait(false);
    }

    private async ValueTask CarveSectionsAsync(CancellationToken cancellation)
    {
        foreach (var (offset, length, where) in SectionPrograms())
        {
            cancellation.ThrowIfCancellationRequested();
            if (!_emitted.Contains(offset) && !await EmitAsync(offset, length, $"section-pe@0x{offset:x}", where, cancellation).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Each "MZ" in a section's raw data with a PE header behind it, skipping past each image found.</summary>
    private List<(long Offset, long Length, string Where)> SectionPrograms()
    {
        var found = new List<(long, long, string)>();
        var candidates = 0;
        foreach (var section in pe.Sections)
        {
            var start = section.RawPointer & ~0x1FFL;
            var raw = pe.RawData(section);
            var at = raw.IndexOf("MZ"u8);
            while (at >= 0 && ++candidates <= MaxCandidates && found.Count < MaxPrograms)
            {
                var offset = start + at;
                var next = at + 1;
                if (IsProgramAt(offset) && Extent(offset) is { } length)
                {
                    found.Add((offset, length, $"section \"{section.Name}\""));
                    next = (int)Math.Min(at + length, raw.Length);
                }

                var rest = next < raw.Length ? raw[next..].IndexOf("MZ"u8) : -1;
                at = rest < 0 ? -1 : next + rest;
            }
        }

        return found;
    }

    private bool IsProgramAt(long offset)
    {
        if (offset <= 0 || offset > pe.Bytes.Length - 0x40 || pe.Bytes[offset] != 'M' || pe.Bytes[offset + 1] != 'Z')
        {
            return false;
        }

        var lfanew = PeFile.U32(pe.Bytes, offset + 0x3C);
        return lfanew is >= 4 and < 0x10000 && offset + lfanew + 4 <= pe.Bytes.Length && pe.Bytes.AsSpan((int)(offset + lfanew), 4).SequenceEqual("PE\0\0"u8);
    }

    /// <summary>Where the image at <paramref name="offset"/> ends: the furthest of its headers and sections.</summary>
    private long? Extent(long offset)
    {
        var coff = offset + PeFile.U32(pe.Bytes, offset + 0x3C) + 4;
        var count = PeFile.U16(pe.Bytes, coff + 2);
        var table = coff + 20 + PeFile.U16(pe.Bytes, coff + 16);
        if (count is 0 or > PeFile.MaxSections)
        {
            return null;
        }

        var end = PeFile.U32(pe.Bytes, coff + 20 + 60);
        for (var index = 0; index < count; index++)
        {
            var rawSize = PeFile.U32(pe.Bytes, table + (index * 40) + 16);
            var rawPointer = PeFile.U32(pe.Bytes, table + (index * 40) + 20);
            end = rawSize > 0 ? Math.Max(end, rawPointer + rawSize) : end;
        }

        return end > 0 ? Math.Min(end, pe.Bytes.Length - offset) : null;
    }

    private async ValueTask<bool> EmitAsync(long offset, long length, string name, string where, CancellationToken cancellation)
    {
        if (++_count > MaxPrograms)
        {
            context.Incomplete($"pe: more than {MaxPrograms} embedded programs; the rest were not emitted");
            return false;
        }

        _emitted.Add(offset);
        length = Extent(offset) ?? length;
        context.Report("embedded-program", Severity.Suspicious, "A program is embedded in this program", $"PE at offset 0x{offset:x} in {where}, {length} bytes", ["T1027.009"]);
        return await context.EmitAsync(pe.Bytes.AsMemory((int)offset, (int)length), name, Relation.Embedded, cancellation).ConfigureAwait(false) != EmitResult.Exhausted;
    }
}
