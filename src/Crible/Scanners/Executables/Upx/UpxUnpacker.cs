namespace Crible.Scanners.Executables.Upx;

/// <summary>What came out of a UPX-packed file: the data UPX compressed, checked against both of its checksums.</summary>
/// <param name="Header">The pack header that described it.</param>
/// <param name="DataOffset">Where the compressed data starts in the file.</param>
/// <param name="Data">The uncompressed data (for a PE, the original sections laid out from the first one's address).</param>
public sealed record UpxUnpacked(UpxPackHeader Header, long DataOffset, byte[] Data);

/// <summary>
/// Finds and decompresses the block a UPX pack header describes. The compressed data is located by its checksum
/// (UPX puts it at the start of a section for PE, right after the header elsewhere), so renamed sections do not
/// hide it; the output is accepted only when its Adler-32 matches the header's, so what is emitted is what the
/// program really holds (the call/jump filter of the code is undone afterwards by <see cref="UpxFilter"/>).
/// </summary>
public static class UpxUnpacker
{
    /// <summary>Decompresses the block that starts at one of <paramref name="candidates"/>.</summary>
    /// <returns>The result, or a reason when it cannot be unpacked.</returns>
    public static (UpxUnpacked? Result, string? Problem) Unpack(ReadOnlySpan<byte> file, UpxPackHeader header, IEnumerable<long> candidates, long maxOutput)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(candidates);
        if (header.Decompressor is not { } decompressor)
        {
            return (null, $"UPX {header.MethodName} compression is not decoded by Crible");
        }

        if (header.UncompressedLength > maxOutput)
        {
            return (null, $"UPX declares {header.UncompressedLength} bytes unpacked, more than the {maxOutput} bytes allowed in memory");
        }

        foreach (var offset in candidates.Distinct())
        {
            if (offset < 0 || offset > file.Length - header.CompressedLength)
            {
                continue;
            }

            var compressed = file.Slice((int)offset, header.CompressedLength);
            if (Adler32.Compute(compressed) != header.CompressedAdler)
            {
                continue;
            }

            byte[] data;
            try
            {
                data = Nrv2Decompressor.Decompress(compressed, header.UncompressedLength, decompressor.Variant, decompressor.WordBits);
            }
            catch (InvalidDataException exception)
            {
                return (null, $"UPX data at 0x{offset:x} is damaged: {exception.Message}");
            }

            return Adler32.Compute(data) == header.UncompressedAdler
                ? (new UpxUnpacked(header, offset, data), null)
                : (null, $"UPX data at 0x{offset:x} does not decompress to its checksum (modified or layered packing)");
        }

        return (null, "no block matching the UPX header's compressed checksum (the packed data was modified, encrypted or moved)");
    }
}
