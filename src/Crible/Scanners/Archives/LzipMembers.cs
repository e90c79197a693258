using System.Buffers.Binary;

namespace Crible.Scanners.Archives;

/// <summary>One lzip member: where its LZMA data is, its dictionary and (when the trailer is sound) its decoded size.</summary>
internal sealed record LzipMember(long DataOffset, long DataLength, uint Dictionary, long DecodedSize);

/// <summary>
/// Finds the members of a (possibly multi-member) lzip file. Each member ends with a trailer whose last field is the
/// member's size, so the chain is walked back from the end; a chain that does not reach the start (trailing data,
/// damage) falls back to one member decoded up to its end marker.
/// </summary>
internal static class LzipMembers
{
    public const int HeaderLength = 6;
    private const int TrailerLength = 20;

    public static List<LzipMember> List(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var members = new List<LzipMember>();
        var end = stream.Length;
        Span<byte> trailer = stackalloc byte[TrailerLength];
        Span<byte> header = stackalloc byte[HeaderLength];
        while (end > 0)
        {
            if (end < HeaderLength + TrailerLength)
            {
                return [Whole(stream)];
            }

            stream.Position = end - TrailerLength;
            stream.ReadExactly(trailer);
            var decoded = BinaryPrimitives.ReadInt64LittleEndian(trailer[4..]);
            var size = BinaryPrimitives.ReadInt64LittleEndian(trailer[12..]);
            if (size < HeaderLength + TrailerLength || size > end || decoded < 0)
            {
                return [Whole(stream)];
            }

            var start = end - size;
            stream.Position = start;
            stream.ReadExactly(header);
            if (!header.StartsWith("LZIP"u8))
            {
                return [Whole(stream)];
            }

            members.Add(new LzipMember(start + HeaderLength, size - HeaderLength - TrailerLength, Dictionary(header[5]), decoded));
            end = start;
        }

        members.Reverse();
        return members;
    }

    /// <summary>The coded dictionary size: a power of two minus up to seven sixteenths of it.</summary>
    public static uint Dictionary(byte coded)
    {
        var power = 1u << (coded & 0x1F);
        return power - ((uint)(coded >> 5) * (power / 16));
    }

    private static LzipMember Whole(Stream stream)
    {
        stream.Position = 5;
        var coded = (byte)stream.ReadByte();
        return new LzipMember(HeaderLength, stream.Length - HeaderLength, Dictionary(coded), -1);
    }
}
