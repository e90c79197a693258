using System.Buffers.Binary;

namespace Crible.Scanners.Office.Vba;

/// <summary>
/// MS-OVBA 2.4.1 decompression: a signature byte then chunks of at most 4096 bytes, each either stored or a run of
/// flag bytes and tokens (a literal byte or a back-reference whose bit split depends on the position in the chunk).
/// Hostile input is data: output stops at <c>maxBytes</c>, a chunk that claims more than is left is read as far as
/// it goes, and a back-reference before the chunk start ends the container with <see cref="VbaDecompression.Problem"/>.
/// </summary>
public static class VbaCompression
{
    private const int ChunkSize = 4096;

    public static VbaDecompression Decompress(ReadOnlySpan<byte> container, int maxBytes)
    {
        if (container.IsEmpty || container[0] != 0x01)
        {
            return new VbaDecompression([], "no MS-OVBA compressed container (signature byte 0x01 missing)", false);
        }

        var output = new List<byte>(Math.Min(maxBytes, Math.Max(ChunkSize, container.Length * 3)));
        var position = 1;
        while (position + 2 <= container.Length)
        {
            var header = BinaryPrimitives.ReadUInt16LittleEndian(container[position..]);
            var chunkLength = Math.Min((header & 0x0FFF) + 3, container.Length - position);
            var chunk = container.Slice(position + 2, chunkLength - 2);
            position += chunkLength;
            if ((header >> 12 & 0x7) != 0b011)
            {
                return new VbaDecompression([.. output], $"chunk signature {header >> 12 & 0x7} instead of 3 at offset {position - chunkLength}", false);
            }

            var problem = (header & 0x8000) != 0 ? DecompressChunk(chunk, output, maxBytes) : CopyRaw(chunk, output, maxBytes);
            if (problem is not null)
            {
                return new VbaDecompression([.. output], problem, output.Count >= maxBytes);
            }
        }

        return new VbaDecompression([.. output], null, false);
    }

    private static string? CopyRaw(ReadOnlySpan<byte> chunk, List<byte> output, int maxBytes)
    {
        var room = maxBytes - output.Count;
        output.AddRange(chunk[..Math.Min(room, Math.Min(chunk.Length, ChunkSize))]);
        return output.Count >= maxBytes && chunk.Length > room ? $"more than {maxBytes} bytes once decompressed" : null;
    }

    private static string? DecompressChunk(ReadOnlySpan<byte> chunk, List<byte> output, int maxBytes)
    {
        var start = output.Count;
        var index = 0;
        while (index < chunk.Length)
        {
            var flags = chunk[index++];
            for (var bit = 0; bit < 8 && index < chunk.Length; bit++)
            {
                if (output.Count >= maxBytes)
                {
                    return $"more than {maxBytes} bytes once decompressed";
                }

                if ((flags >> bit & 1) == 0)
                {
                    output.Add(chunk[index++]);
                    continue;
                }

                if (index + 2 > chunk.Length)
                {
                    return "a copy token is cut at the end of a chunk";
                }

                var token = BinaryPrimitives.ReadUInt16LittleEndian(chunk[index..]);
                index += 2;
                var (offset, length) = SplitCopyToken(token, output.Count - start);
                if (offset > output.Count - start)
                {
                    return $"a copy token points {offset} bytes back, before the start of its chunk";
                }

                var from = output.Count - offset;
                for (var i = 0; i < length && output.Count < maxBytes && output.Count - start < ChunkSize; i++)
                {
                    output.Add(output[from + i]);
                }
            }
        }

        return null;
    }

    /// <summary>The offset and length of a copy token: the bigger the chunk so far, the more bits the offset takes
    /// (at least 4, at most 12).</summary>
    private static (int Offset, int Length) SplitCopyToken(ushort token, int decompressedInChunk)
    {
        var bitCount = 4;
        while (bitCount < 12 && 1 << bitCount < decompressedInChunk)
        {
            bitCount++;
        }

        var lengthMask = 0xFFFF >> bitCount;
        return ((token >> (16 - bitCount)) + 1, (token & lengthMask) + 3);
    }
}

/// <summary>What a compressed container gave.</summary>
/// <param name="Data">The bytes decompressed (all of them, or up to the problem).</param>
/// <param name="Problem">Why decompression stopped early, or null.</param>
/// <param name="LimitHit">True when it stopped at the output bound.</param>
public sealed record VbaDecompression(byte[] Data, string? Problem, bool LimitHit);
