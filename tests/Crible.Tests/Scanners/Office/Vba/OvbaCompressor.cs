namespace Crible.Tests.Scanners.Office.Vba;

/// <summary>A minimal MS-OVBA compressor (2.4.1.3), greedy longest match, for the VBA projects tests build.</summary>
internal static class OvbaCompressor
{
    private const int ChunkSize = 4096;

    public static byte[] Compress(byte[] data)
    {
        var output = new List<byte> { 0x01 };
        for (var start = 0; start < data.Length; start += ChunkSize)
        {
            var chunk = data.AsSpan(start, Math.Min(ChunkSize, data.Length - start));
            var compressed = CompressChunk(chunk);
            if (compressed.Count <= ChunkSize || chunk.Length < ChunkSize)
            {
                var header = (ushort)(0xB000 | (compressed.Count + 2 - 3));
                output.Add((byte)header);
                output.Add((byte)(header >> 8));
                output.AddRange(compressed);
            }
            else
            {
                output.Add(0xFF);
                output.Add(0x3F);
                output.AddRange(chunk);
            }
        }

        return [.. output];
    }

    private static List<byte> CompressChunk(ReadOnlySpan<byte> chunk)
    {
        var output = new List<byte>();
        var position = 0;
        while (position < chunk.Length)
        {
            var flagIndex = output.Count;
            output.Add(0);
            byte flags = 0;
            for (var bit = 0; bit < 8 && position < chunk.Length; bit++)
            {
                var bitCount = 4;
                while (bitCount < 12 && 1 << bitCount < position)
                {
                    bitCount++;
                }

                var maxLength = (0xFFFF >> bitCount) + 3;
                var (offset, length) = LongestMatch(chunk, position, 1 << bitCount, maxLength);
                if (length >= 3)
                {
                    var token = (ushort)(((offset - 1) << (16 - bitCount)) | (length - 3));
                    output.Add((byte)token);
                    output.Add((byte)(token >> 8));
                    flags |= (byte)(1 << bit);
                    position += length;
                }
                else
                {
                    output.Add(chunk[position++]);
                }
            }

            output[flagIndex] = flags;
        }

        return output;
    }

    private static (int Offset, int Length) LongestMatch(ReadOnlySpan<byte> chunk, int position, int maxOffset, int maxLength)
    {
        var best = (Offset: 0, Length: 0);
        for (var candidate = position - 1; candidate >= 0 && position - candidate <= maxOffset; candidate--)
        {
            var length = 0;
            while (length < maxLength && position + length < chunk.Length && chunk[candidate + length] == chunk[position + length])
            {
                length++;
            }

            if (length > best.Length)
            {
                best = (position - candidate, length);
            }
        }

        return best;
    }
}
