namespace Crible.Scanners.Installers.AutoIt;

/// <summary>
/// AutoIt's LZSS: a flag bit (literal or match), literals of 8 bits, matches of a 15-bit distance and a length coded
/// in growing fields (2, 3, 5, then 8-bit runs). EA05 and EA06 differ only in the flag's meaning. The output is
/// bounded by the declared size and by <c>maxLength</c>; a match that reaches before the start ends the block.
/// </summary>
internal static class AutoItDecompressor
{
    /// <summary>The decompressed bytes, or null when the block does not open with its marker. A block whose data runs
    /// out or turns invalid gives what was decoded and <paramref name="complete"/> false.</summary>
    public static byte[]? Decompress(ReadOnlySpan<byte> block, AutoItVersion version, int maxLength, out bool complete)
    {
        complete = false;
        var marker = version == AutoItVersion.Ea05 ? "EA05"u8 : "EA06"u8;
        if (block.Length < 8 || !block.StartsWith(marker))
        {
            return null;
        }

        var declared = (uint)((block[4] << 24) | (block[5] << 16) | (block[6] << 8) | block[7]);
        var length = (int)Math.Min(declared, (uint)maxLength);
        var output = new byte[length];
        var bits = new BitReader(block[8..]);
        var literalFlag = version == AutoItVersion.Ea06 ? 1 : 0;
        var written = 0;
        while (written < length)
        {
            if (bits.Exhausted)
            {
                return output[..written];
            }

            if (bits.Read(1) == literalFlag)
            {
                output[written++] = (byte)bits.Read(8);
                continue;
            }

            var distance = bits.Read(15);
            var count = MatchLength(ref bits);
            if (distance == 0 || distance > written || bits.Exhausted)
            {
                return output[..written];
            }

            for (var from = written - distance; count > 0 && written < length; count--)
            {
                output[written++] = output[from++];
            }
        }

        complete = declared <= (uint)maxLength;
        return output;
    }

    private static int MatchLength(ref BitReader bits)
    {
        var extra = 0;
        var value = bits.Read(2);
        if (value == 3)
        {
            extra = 3;
            value = bits.Read(3);
            if (value == 7)
            {
                extra = 10;
                value = bits.Read(5);
                if (value == 31)
                {
                    extra = 41;
                    value = bits.Read(8);
                    if (value == 255)
                    {
                        extra = 296;
                        for (value = bits.Read(8); value == 255 && !bits.Exhausted; value = bits.Read(8))
                        {
                            extra += 255;
                        }
                    }
                }
            }
        }

        return value + 3 + extra;
    }

    /// <summary>Most significant bit first; reading past the end gives zeros and sets <see cref="Exhausted"/>.</summary>
    private ref struct BitReader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private long _position;

        public readonly bool Exhausted => _position > (long)_bytes.Length * 8;

        public int Read(int count)
        {
            var value = 0;
            for (var i = 0; i < count; i++, _position++)
            {
                var index = _position >> 3;
                var bit = index < _bytes.Length ? (_bytes[(int)index] >> (7 - (int)(_position & 7))) & 1 : 0;
                value = (value << 1) | bit;
            }

            return value;
        }
    }
}
