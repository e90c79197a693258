using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Executables.Upx;

namespace Crible.Scanners.Executables.Pe;

/// <summary>Unpacks a UPX-packed PE: the pack header sits in the PE headers, the compressed data at the start of a
/// section after it. The unpacked sections (laid out from the first section's address) are emitted as
/// <c>upx-unpacked</c>, a decoded child.</summary>
internal sealed class PeUpxUnpacking(PeFile pe, ScanContext context)
{
    public async ValueTask RunAsync(CancellationToken cancellation)
    {
        var headerArea = (int)Math.Min(pe.Bytes.Length, Math.Max(0x1000, pe.Sections.Select(s => s.RawPointer).DefaultIfEmpty(0).Min() + UpxPackHeader.Length));
        if (UpxPackHeader.Find(pe.Bytes.AsSpan(0, Math.Min(headerArea, pe.Bytes.Length))) is not { } header)
        {
            return;
        }

        var candidates = pe.Sections.Select(s => s.RawPointer & ~0x1FFL).Where(p => p >= header.Offset).Append(header.Offset + UpxPackHeader.Length).Order();
        var (unpacked, problem) = UpxUnpacker.Unpack(pe.Bytes, header, candidates, context.Limits.MaxInMemoryBytes);
        var description = $"UPX {header.Version / 10}.{header.Version % 10}x format {header.FormatName}, {header.MethodName} level {header.Level}, {header.CompressedLength} bytes packed, {header.UncompressedLength} unpacked, filter 0x{header.Filter:x2}";
        if (unpacked is null)
        {
            if (header.Decompressor is null)
            {
                context.Incomplete($"upx: {problem}");
                context.Report("upx", Severity.Info, "UPX-packed program not unpacked", $"{description}: {problem}");
            }
            else
            {
                context.Report("upx-modified", Severity.Suspicious, "UPX header whose data does not unpack (altered UPX, a way to defeat unpackers)", $"{description}: {problem}", ["T1027.002"]);
            }

            return;
        }

        var firstSection = pe.Sections.Count > 0 ? pe.Sections[0].VirtualAddress : 0;
        var filter = UndoFilter(unpacked, firstSection);
        context.Report("upx-unpacked", Severity.Info, "UPX-packed program unpacked", $"{description}; data at 0x{unpacked.DataOffset:x}, checksums match; unpacked sections start at address 0x{firstSection:x}; {filter}");
        await context.EmitAsync(unpacked.Data, "upx-unpacked", Relation.Decoded, cancellation).ConfigureAwait(false);
    }

    /// <summary>Undoes the call/jump filter over the original code, whose place UPX keeps in the copy of the original
    /// PE header it stores after the sections (the last "PE\0\0" of the unpacked data).</summary>
    private static string UndoFilter(UpxUnpacked unpacked, long firstSection)
    {
        var header = unpacked.Header;
        if (header.Filter == 0)
        {
            return "no call/jump filter";
        }

        var original = unpacked.Data.AsSpan().LastIndexOf("PE\0\0"u8);
        var optional = original + 24;
        if (!UpxFilter.CanUndo(header.Filter) || original < 0 || optional + 24 > unpacked.Data.Length)
        {
            return $"call/jump filter 0x{header.Filter:x2} left in the code";
        }

        var codeSize = PeFile.U32(unpacked.Data, optional + 4);
        var codeStart = PeFile.U32(unpacked.Data, optional + 20) - firstSection;
        if (codeStart < 0 || codeSize <= 0 || codeStart + codeSize > original)
        {
            return $"call/jump filter 0x{header.Filter:x2} left in the code (no usable original header)";
        }

        var restored = UpxFilter.Undo(unpacked.Data, header.Filter, header.FilterCto, (int)codeStart, (int)codeSize, (uint)codeStart);
        return $"call/jump filter 0x{header.Filter:x2} undone on {restored} calls and jumps of the code (0x{codeStart:x}, {codeSize} bytes)";
    }
}
