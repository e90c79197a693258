using System.Buffers.Binary;

namespace Crible.Identification;

/// <summary>
/// Reads fixed-size fields from a header that may be shorter than expected: every read is bounds-checked and a field
/// past the end reads as -1 (no real field is negative), so a detector never indexes outside the bytes it was given.
/// </summary>
internal readonly ref struct HeaderBytes(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;

    public int Length => _bytes.Length;

    public bool Has(int offset, int count) => offset >= 0 && count >= 0 && offset <= _bytes.Length - count;

    public bool Matches(int offset, ReadOnlySpan<byte> expected) =>
        Has(offset, expected.Length) && _bytes.Slice(offset, expected.Length).SequenceEqual(expected);

    /// <summary>The bytes at <paramref name="offset"/>, or an empty span when they are not all there.</summary>
    public ReadOnlySpan<byte> Slice(int offset, int count) => Has(offset, count) ? _bytes.Slice(offset, count) : [];

    public int U8(int offset) => Has(offset, 1) ? _bytes[offset] : -1;

    public int U16Le(int offset) => Has(offset, 2) ? BinaryPrimitives.ReadUInt16LittleEndian(_bytes[offset..]) : -1;

    public int U16Be(int offset) => Has(offset, 2) ? BinaryPrimitives.ReadUInt16BigEndian(_bytes[offset..]) : -1;

    public long U32Le(int offset) => Has(offset, 4) ? BinaryPrimitives.ReadUInt32LittleEndian(_bytes[offset..]) : -1;

    public long U32Be(int offset) => Has(offset, 4) ? BinaryPrimitives.ReadUInt32BigEndian(_bytes[offset..]) : -1;

    /// <summary>A 64-bit field, clamped to <see cref="long.MaxValue"/> (sizes that large are implausible anyway).</summary>
    public long U64Le(int offset) => Has(offset, 8) ? (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(_bytes[offset..]), long.MaxValue) : -1;

    public long U64Be(int offset) => Has(offset, 8) ? (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(_bytes[offset..]), long.MaxValue) : -1;
}
