namespace Crible.Scanners.Pdf;

/// <summary>The two text filters: ASCIIHexDecode (pairs of hex digits, whitespace ignored, '&gt;' ends) and
/// ASCII85Decode (groups of five base-85 digits from '!', 'z' for four zeros, '~&gt;' ends).</summary>
internal static class AsciiDecoders
{
    public static byte[] Hex(byte[] data)
    {
        var output = new List<byte>(data.Length / 2);
        var high = -1;
        foreach (var c in data)
        {
            if (c == '>')
            {
                break;
            }

            if (!char.IsAsciiHexDigit((char)c))
            {
                continue;
            }

            var value = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            if (high < 0)
            {
                high = value;
            }
            else
            {
                output.Add((byte)((high << 4) | value));
                high = -1;
            }
        }

        if (high >= 0)
        {
            output.Add((byte)(high << 4));
        }

        return [.. output];
    }

    public static (byte[] Data, string? Problem) Base85(byte[] data)
    {
        var output = new List<byte>(data.Length * 4 / 5);
        Span<int> group = stackalloc int[5];
        var count = 0;
        var start = data.AsSpan().StartsWith("<~"u8) ? 2 : 0;
        for (var index = start; index < data.Length; index++)
        {
            var c = data[index];
            if (c == '~')
            {
                break;
            }

            if (c == 'z' && count == 0)
            {
                output.AddRange([0, 0, 0, 0]);
                continue;
            }

            if (c is < (byte)'!' or > (byte)'u')
            {
                if (PdfSyntax.IsWhitespace(c))
                {
                    continue;
                }

                return ([.. output], "invalid ASCII85 character");
            }

            group[count++] = c - '!';
            if (count == 5)
            {
                AppendGroup(output, group, 4);
                count = 0;
            }
        }

        if (count > 1)
        {
            for (var pad = count; pad < 5; pad++)
            {
                group[pad] = 'u' - '!';
            }

            AppendGroup(output, group, count - 1);
        }

        return ([.. output], null);
    }

    private static void AppendGroup(List<byte> output, ReadOnlySpan<int> group, int bytes)
    {
        long value = 0;
        foreach (var digit in group)
        {
            value = (value * 85) + digit;
        }

        for (var shift = 24; shift >= 32 - (bytes * 8); shift -= 8)
        {
            output.Add((byte)(value >> shift));
        }
    }
}
