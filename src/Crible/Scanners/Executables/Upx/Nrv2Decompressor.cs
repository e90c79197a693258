namespace Crible.Scanners.Executables.Upx;

/// <summary>The three NRV2 variants UPX compresses with, in the bit-buffer widths UPX uses.</summary>
public enum Nrv2Variant
{
    B,
    D,
    E,
}

/// <summary>
/// UCL's NRV2B, NRV2D and NRV2E decompressors (an LZ77 whose literals, offsets and lengths are coded with bits taken
/// most-significant first from 8-, 16- or 32-bit little-endian words). Written from the format, bounded: the output
/// never grows past the size the pack header declares, every input read and back-reference is checked, and a
/// malformed stream ends with <see cref="InvalidDataException"/> instead of reading or writing out of bounds.
/// </summary>
public static class Nrv2Decompressor
{
    /// <summary>Decompresses <paramref name="input"/> into exactly <paramref name="outputLength"/> bytes.</summary>
    /// <param name="input">The compressed stream.</param>
    /// <param name="outputLength">The uncompressed size from the pack header (checked by the caller).</param>
    /// <param name="variant">NRV2B, NRV2D or NRV2E.</param>
    /// <param name="wordBits">8, 16 or 32: how many bits the bit buffer refills at once.</param>
    public static byte[] Decompress(ReadOnlySpan<byte> input, int outputLength, Nrv2Variant variant, int wordBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outputLength);
        if (wordBits is not (8 or 16 or 32))
        {
            throw new ArgumentOutOfRangeException(nameof(wordBits), wordBits, "NRV2 bit buffers are 8, 16 or 32 bits wide");
        }

        var output = new byte[outputLength];
        var state = new State(input, output, wordBits);
        uint lastOffset = 1;
        while (true)
        {
            while (state.Bit() == 1)
            {
                state.Literal();
            }

            var offset = variant == Nrv2Variant.B ? state.GammaB() : state.GammaDe();
            uint length;
            if (offset == 2)
            {
                offset = lastOffset;
                length = variant == Nrv2Variant.B ? 0 : state.Bit();
            }
            else
            {
                var low = state.Byte();
                var full = ((ulong)(offset - 3) << 8) | low;
                if (full == 0xFFFFFFFF)
                {
                    break;
                }

                if (full > int.MaxValue)
                {
                    throw new InvalidDataException("NRV2: match offset out of range");
                }

                offset = (uint)full;
                if (variant != Nrv2Variant.B)
                {
                    length = (offset & 1) ^ 1;
                    offset >>= 1;
                }
                else
                {
                    length = 0;
                }

                lastOffset = ++offset;
            }

            length = variant switch
            {
                Nrv2Variant.B => state.LengthB(),
                Nrv2Variant.D => state.LengthD(length),
                _ => state.LengthE(length),
            };
            length += offset > (variant == Nrv2Variant.B ? 0xD00u : 0x500u) ? 1u : 0u;
            state.Copy(offset, length + 1);
        }

        if (state.Written != outputLength)
        {
            throw new InvalidDataException($"NRV2: the stream ended after {state.Written} of {outputLength} bytes");
        }

        return output;
    }

    private ref struct State(ReadOnlySpan<byte> input, Span<byte> output, int wordBits)
    {
        private readonly ReadOnlySpan<byte> _input = input;
        private readonly Span<byte> _output = output;
        private int _in;
        private uint _buffer;
        private int _bits;

        public int Written { get; private set; }

        public uint Bit()
        {
            if (_bits == 0)
            {
                var bytes = wordBits / 8;
                if (_in > _input.Length - bytes)
                {
                    throw new InvalidDataException("NRV2: the compressed stream is truncated");
                }

                _buffer = 0;
                for (var index = 0; index < bytes; index++)
                {
                    _buffer |= (uint)_input[_in + index] << (8 * index);
                }

                _in += bytes;
                _bits = wordBits;
            }

            _bits--;
            return (_buffer >> _bits) & 1;
        }

        public uint Byte()
        {
            if (_in >= _input.Length)
            {
                throw new InvalidDataException("NRV2: the compressed stream is truncated");
            }

            return _input[_in++];
        }

        public void Literal()
        {
            if (Written >= _output.Length)
            {
                throw new InvalidDataException("NRV2: output larger than the declared size");
            }

            _output[Written++] = (byte)Byte();
        }

        /// <summary>NRV2B's offset prefix: an Elias-gamma-like code of one data bit and one stop bit per step.</summary>
        public uint GammaB()
        {
            uint value = 1;
            do
            {
                value = Grow(value);
            }
            while (Bit() == 0);
            return value;
        }

        /// <summary>NRV2D/E's offset prefix: a stop bit between each pair of data bits.</summary>
        public uint GammaDe()
        {
            uint value = 1;
            while (true)
            {
                value = Grow(value);
                if (Bit() == 1)
                {
                    return value;
                }

                value = Grow(value - 1);
            }
        }

        public uint LengthB()
        {
            var length = (Bit() << 1) | Bit();
            return length != 0 ? length : LongLength(2);
        }

        public uint LengthD(uint first)
        {
            var length = (first << 1) | Bit();
            return length != 0 ? length : LongLength(2);
        }

        public uint LengthE(uint first)
        {
            if (first != 0)
            {
                return 1 + Bit();
            }

            return Bit() == 1 ? 3 + Bit() : LongLength(3);
        }

        public void Copy(uint offset, uint count)
        {
            if (offset == 0 || offset > Written)
            {
                throw new InvalidDataException("NRV2: a match points before the start of the output");
            }

            if (count > _output.Length - Written)
            {
                throw new InvalidDataException("NRV2: output larger than the declared size");
            }

            var from = Written - (int)offset;
            for (var index = 0; index < count; index++)
            {
                _output[Written++] = _output[from + index];
            }
        }

        private uint LongLength(uint bias)
        {
            uint length = 1;
            do
            {
                length = Grow(length);
            }
            while (Bit() == 0);
            return length + bias;
        }

        /// <summary>Appends one bit; a value past 2^30 cannot be a real length or offset prefix.</summary>
        private uint Grow(uint value)
        {
            if (value >= 1u << 30)
            {
                throw new InvalidDataException("NRV2: a length or offset code is too long");
            }

            return (value << 1) | Bit();
        }
    }
}
