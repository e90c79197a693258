namespace Crible.Scanners.Pdf;

/// <summary>
/// LZW as PDF uses it: codes of 9 to 12 bits read most significant bit first, 256 clears the table, 257 ends the
/// data, and the code width grows one code early unless /EarlyChange is 0. Bounded output; a bad code ends the
/// data with what decoded before it.
/// </summary>
internal static class LzwDecoder
{
    private const int Clear = 256;
    private const int EndOfData = 257;
    private const int MaxCodes = 4096;

    public static (byte[] Data, string? Problem) Decode(byte[] data, int earlyChange, long maxOutput)
    {
        var prefixes = new int[MaxCodes];
        var suffixes = new byte[MaxCodes];
        var lengths = new int[MaxCodes];
        for (var code = 0; code < 256; code++)
        {
            suffixes[code] = (byte)code;
            lengths[code] = 1;
            prefixes[code] = -1;
        }

        using var output = new MemoryStream();
        var next = 258;
        var width = 9;
        var previous = -1;
        var bitBuffer = 0;
        var bitCount = 0;
        var scratch = new byte[MaxCodes];
        foreach (var b in data)
        {
            bitBuffer = (bitBuffer << 8) | b;
            bitCount += 8;
            while (bitCount >= width)
            {
                var code = (bitBuffer >> (bitCount - width)) & ((1 << width) - 1);
                bitCount -= width;
                bitBuffer &= (1 << bitCount) - 1;
                if (code == Clear)
                {
                    (next, width, previous) = (258, 9, -1);
                    continue;
                }

                if (code == EndOfData)
                {
                    return (output.ToArray(), null);
                }

                if (code > next || (code == next && previous < 0))
                {
                    return (output.ToArray(), "invalid LZW code");
                }

                var length = code == next ? lengths[previous] + 1 : lengths[code];
                var first = Write(code == next ? previous : code, prefixes, suffixes, lengths, scratch);
                if (code == next)
                {
                    scratch[length - 1] = first;
                }

                output.Write(scratch, 0, length);
                if (output.Length > maxOutput)
                {
                    output.SetLength(maxOutput);
                    return (output.ToArray(), $"expands beyond {maxOutput} bytes");
                }

                if (previous >= 0 && next < MaxCodes)
                {
                    prefixes[next] = previous;
                    suffixes[next] = first;
                    lengths[next] = lengths[previous] + 1;
                    next++;
                }

                previous = code;
                width = next + earlyChange >= 1 << width && width < 12 ? width + 1 : width;
            }
        }

        return (output.ToArray(), null);
    }

    /// <summary>Writes the string of <paramref name="code"/> at the start of <paramref name="scratch"/> and returns its first byte.</summary>
    private static byte Write(int code, int[] prefixes, byte[] suffixes, int[] lengths, byte[] scratch)
    {
        var length = lengths[code];
        for (var at = length - 1; at >= 0; at--)
        {
            scratch[at] = suffixes[code];
            code = prefixes[code];
        }

        return scratch[0];
    }
}
