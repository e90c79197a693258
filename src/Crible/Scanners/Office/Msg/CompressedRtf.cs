using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Office.Msg;

/// <summary>
/// Decompresses an RTF body as Outlook stores it (MS-OXRTFCP, "LZFu"): runs of eight tokens, each a literal byte or
/// a 12-bit offset and 4-bit length into a 4096-byte window preloaded with a fixed RTF prefix. Output is bounded;
/// a damaged stream yields what was decoded up to the damage.
/// </summary>
public static class CompressedRtf
{
    private const uint Compressed = 0x75465A4C;
    private const uint Uncompressed = 0x414C454D;
    private const int HeaderLength = 16;
    private const int WindowSize = 4096;

    private static readonly byte[] Prefix = Encoding.ASCII.GetBytes(
        "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx");

    /// <summary>The RTF text, at most <paramref name="maxOutput"/> bytes.</summary>
    /// <param name="problem">Why the output is short of the declared size; null when it is whole.</param>
    public static byte[] Decompress(ReadOnlySpan<byte> data, int maxOutput, out string? problem)
    {
        problem = null;
        if (data.Length < HeaderLength)
        {
            problem = "the compressed RTF header is cut short";
            return [];
        }

        var rawSize = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        var type = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        var content = data[HeaderLength..];
        var limit = (int)Math.Min(rawSize, (uint)Math.Max(0, maxOutput));
        byte[] output;
        if (type == Uncompressed)
        {
            output = content[..Math.Min(content.Length, limit)].ToArray();
        }
        else if (type == Compressed)
        {
            output = Inflate(content, limit);
        }
        else
        {
            problem = $"unknown compressed RTF type 0x{type:X8}";
            return [];
        }

        if (output.Length < rawSize)
        {
            problem = $"{output.Length} of the declared {rawSize} bytes of RTF decoded";
        }

        return output;
    }

    private static byte[] Inflate(ReadOnlySpan<byte> content, int limit)
    {
        var window = new byte[WindowSize];
        Prefix.CopyTo(window, 0);
        var write = Prefix.Length;
        var output = new List<byte>(Math.Min(limit, 1 << 20));
        var position = 0;
        while (position < content.Length && output.Count < limit)
        {
            var control = content[position++];
            for (var bit = 0; bit < 8 && output.Count < limit; bit++)
            {
                if ((control & (1 << bit)) == 0)
                {
                    if (position >= content.Length)
                    {
                        return [.. output];
                    }

                    output.Add(content[position]);
                    window[write] = content[position++];
                    write = (write + 1) % WindowSize;
                    continue;
                }

                if (position + 2 > content.Length)
                {
                    return [.. output];
                }

                var reference = BinaryPrimitives.ReadUInt16BigEndian(content[position..]);
                position += 2;
                var offset = reference >> 4;
                if (offset == write)
                {
                    return [.. output];
                }

                var length = (reference & 0xF) + 2;
                for (var i = 0; i < length && output.Count < limit; i++)
                {
                    var value = window[(offset + i) % WindowSize];
                    output.Add(value);
                    window[write] = value;
                    write = (write + 1) % WindowSize;
                }
            }
        }

        return [.. output];
    }
}
