namespace Crible.Scanners.Installers.AutoIt;

/// <summary>
/// The two byte streams AutoIt XORs its compiled-script blocks with. EA05 (AutoIt 3.0-3.2.4) draws its key bytes
/// from a Mersenne Twister (MT19937) seeded per field; EA06 (3.2.6 and later) from a lagged two-tap rotating
/// generator of 17 words. Both are deterministic functions of the seed, which AutoIt fixes per field.
/// </summary>
internal abstract class AutoItKeyStream
{
    public abstract byte Next();

    public static AutoItKeyStream Create(AutoItVersion version, uint seed) =>
        version == AutoItVersion.Ea05 ? new MersenneTwister(seed) : new RotatingGenerator(seed);

    /// <summary>XORs <paramref name="data"/> with the stream seeded by <paramref name="seed"/> into a new array.</summary>
    public static byte[] Decrypt(AutoItVersion version, ReadOnlySpan<byte> data, uint seed)
    {
        var stream = Create(version, seed);
        var output = new byte[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            output[i] = (byte)(data[i] ^ stream.Next());
        }

        return output;
    }

    /// <summary>MT19937 with its standard seeding and tempering; AutoIt keeps the low byte of the 31-bit output.</summary>
    private sealed class MersenneTwister : AutoItKeyStream
    {
        private const int StateLength = 624;
        private const int Shift = 397;
        private readonly uint[] _state = new uint[StateLength];
        private int _index = StateLength;

        public MersenneTwister(uint seed)
        {
            _state[0] = seed;
            for (var i = 1; i < StateLength; i++)
            {
                _state[i] = unchecked((1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30))) + (uint)i);
            }
        }

        public override byte Next()
        {
            if (_index == StateLength)
            {
                Twist();
            }

            var value = _state[_index++];
            value ^= value >> 11;
            value ^= (value << 7) & 0x9D2C5680u;
            value ^= (value << 15) & 0xEFC60000u;
            value ^= value >> 18;
            return (byte)(value >> 1);
        }

        private void Twist()
        {
            for (var i = 0; i < StateLength; i++)
            {
                var mixed = (_state[i] & 0x80000000u) | (_state[(i + 1) % StateLength] & 0x7FFFFFFFu);
                var next = _state[(i + Shift) % StateLength] ^ (mixed >> 1);
                _state[i] = (mixed & 1) != 0 ? next ^ 0x9908B0DFu : next;
            }

            _index = 0;
        }
    }

    /// <summary>17 words, two taps ten apart, each step rotating both and adding; a key byte is the top byte of every
    /// second step (AutoIt goes through a double in [0, 1) times 256, which comes to the same byte).</summary>
    private sealed class RotatingGenerator : AutoItKeyStream
    {
        private const int Words = 17;
        private readonly uint[] _words = new uint[Words];
        private int _first;
        private int _second = 10;

        public RotatingGenerator(uint seed)
        {
            for (var i = 0; i < Words; i++)
            {
                seed = unchecked(1 - (seed * 0x53A9B4FBu));
                _words[i] = seed;
            }

            for (var i = 0; i < 9; i++)
            {
                Step();
            }
        }

        public override byte Next()
        {
            Step();
            return (byte)(Step() >> 24);
        }

        private uint Step()
        {
            var value = unchecked(uint.RotateLeft(_words[_first], 9) + uint.RotateLeft(_words[_second], 13));
            _words[_first] = value;
            _first = _first == 0 ? Words - 1 : _first - 1;
            _second = _second == 0 ? Words - 1 : _second - 1;
            return value;
        }
    }
}
