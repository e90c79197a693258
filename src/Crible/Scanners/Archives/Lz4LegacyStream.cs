using Crible.IO;
using System.Buffers.Binary;
using K4os.Compression.LZ4;

namespace Crible.Scanners.Archives;

/// <summary>
/// The legacy LZ4 format of lz4 before r118 (magic 02 21 4C 18): blocks of at most 8 MiB, each preceded by its
/// compressed length; a repeated magic starts a concatenated stream. No library reads it, and it is that simple.
/// </summary>
internal sealed class Lz4LegacyStream(Stream packed) : ForwardOnlyReadStream
{
    public const uint Magic = 0x184C2102;
    private const int BlockSize = 8 * 1024 * 1024;
    private const int MaxCompressedBlock = BlockSize + (BlockSize / 255) + 16;
    private readonly byte[] _output = new byte[BlockSize];
    private byte[] _input = [];
    private int _outputOffset;
    private int _outputCount;
    private bool _ended;

    public override int Read(Span<byte> buffer)
    {
        while (_outputOffset == _outputCount)
        {
            if (_ended || !DecodeNextBlock())
            {
                _ended = true;
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _outputCount - _outputOffset);
        _output.AsSpan(_outputOffset, count).CopyTo(buffer);
        _outputOffset += count;
        return count;
    }

    private bool DecodeNextBlock()
    {
        Span<byte> word = stackalloc byte[4];
        if (!TryReadWord(word))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(word);
        if (length == Magic)
        {
            _outputOffset = _outputCount = 0;
            return true;
        }

        if (length is 0 or > MaxCompressedBlock)
        {
            // lz4 ends a legacy stream with anything that is not a plausible block length (often a new frame).
            return false;
        }

        if (_input.Length < length)
        {
            _input = new byte[length];
        }

        packed.ReadExactly(_input, 0, (int)length);
        var decoded = LZ4Codec.Decode(_input, 0, (int)length, _output, 0, _output.Length);
        if (decoded < 0)
        {
            throw new InvalidDataException("an LZ4 legacy block is corrupt");
        }

        _outputOffset = 0;
        _outputCount = decoded;
        return true;
    }

    private bool TryReadWord(Span<byte> word)
    {
        var read = 0;
        while (read < word.Length)
        {
            var count = packed.Read(word[read..]);
            if (count == 0)
            {
                return false;
            }

            read += count;
        }

        return true;
    }
}
