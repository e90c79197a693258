using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Office;

/// <summary>
/// Reads little-endian fields from hostile bytes one after the other. It cannot run past the end: a read that does
/// not fit throws <see cref="InvalidDataException"/>, which the parsers turn into "malformed" rather than a crash.
/// </summary>
public ref struct SpanReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;

    public int Position { get; private set; }

    public readonly int Length => _bytes.Length;

    public readonly int Remaining => _bytes.Length - Position;

    public readonly bool CanRead(long count) => count >= 0 && count <= Remaining;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes(long count) => Take(count);

    public void Skip(long count) => Take(count);

    /// <summary>Reads a length checked against what is left, so the caller can trust it for a following read.</summary>
    public int ReadLength32()
    {
        var length = ReadUInt32();
        if (length > (uint)Remaining)
        {
            throw new InvalidDataException($"a length of {length} at offset {Position - 4} runs past the end ({Remaining} bytes left)");
        }

        return (int)length;
    }

    /// <summary>An 8-bit string ended by a zero byte (the zero is consumed), at most <paramref name="maxLength"/> bytes.</summary>
    public string ReadNullTerminatedAnsi(int maxLength)
    {
        var rest = _bytes[Position..];
        var end = rest[..Math.Min(rest.Length, maxLength + 1)].IndexOf((byte)0);
        if (end < 0)
        {
            throw new InvalidDataException($"no string terminator within {maxLength} bytes at offset {Position}");
        }

        var text = Latin1(rest[..end]);
        Position += end + 1;
        return text;
    }

    /// <summary>Bytes as Latin-1 text: every byte maps to one character, so nothing is lost or rejected.</summary>
    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private ReadOnlySpan<byte> Take(long count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new InvalidDataException($"{count} bytes needed at offset {Position}, {Remaining} left");
        }

        var slice = _bytes.Slice(Position, (int)count);
        Position += (int)count;
        return slice;
    }
}
