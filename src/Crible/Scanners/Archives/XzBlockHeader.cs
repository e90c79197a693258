namespace Crible.Scanners.Archives;

/// <summary>Reads the LZMA2 dictionary size the first block of an xz stream declares, before any decoding, so a few
/// bytes cannot make the decoder allocate gigabytes.</summary>
internal static class XzBlockHeader
{
    private const int StreamHeaderLength = 12;
    private const ulong Lzma2FilterId = 0x21;
    private const int MaxVarIntBytes = 9;

    /// <summary>The dictionary size of the first block's LZMA2 filter, or null when it cannot be read from the head.</summary>
    public static long? FirstDictionary(ReadOnlySpan<byte> head)
    {
        if (head.Length <= StreamHeaderLength + 2)
        {
            return null;
        }

        var headerLength = (head[StreamHeaderLength] + 1) * 4;
        if (head[StreamHeaderLength] == 0 || StreamHeaderLength + headerLength > head.Length)
        {
            return null;
        }

        var header = head.Slice(StreamHeaderLength, headerLength);
        var flags = header[1];
        var position = 2;
        var skip = ((flags & 0x40) != 0 ? 1 : 0) + ((flags & 0x80) != 0 ? 1 : 0);
        for (var i = 0; i < skip; i++)
        {
            if (ReadVarInt(header, ref position) is null)
            {
                return null;
            }
        }

        for (var filter = 0; filter <= (flags & 0x03); filter++)
        {
            var id = ReadVarInt(header, ref position);
            var size = ReadVarInt(header, ref position);
            if (id is null || size is null || size.Value > (ulong)(header.Length - position))
            {
                return null;
            }

            if (id == Lzma2FilterId && size == 1)
            {
                var code = header[position];
                return code > 40 ? long.MaxValue : code == 40 ? uint.MaxValue : (long)(2 | (code & 1)) << ((code / 2) + 11);
            }

            position += (int)size.Value;
        }

        return null;
    }

    private static ulong? ReadVarInt(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var i = 0; i < MaxVarIntBytes && position < bytes.Length; i++)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        return null;
    }
}
