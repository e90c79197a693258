using System.Globalization;
using System.Text;

namespace Crible.Scanners.Pdf;

/// <summary>
/// Parses one PDF value (number, name, string, array, dictionary, reference, keyword) from raw bytes. Tolerant of
/// damage: a value it cannot read ends where it stops, and nesting, collection sizes and string lengths are bounded.
/// </summary>
internal static class PdfParser
{
    private const int MaxDepth = 64;
    private const int MaxItems = 100_000;
    private const int MaxStringLength = 16 << 20;

    /// <summary>The value at <paramref name="position"/>, which is moved past it; null when there is none.</summary>
    public static PdfValue? Parse(ReadOnlySpan<byte> data, ref int position) => Parse(data, ref position, 0);

    private static PdfValue? Parse(ReadOnlySpan<byte> data, ref int position, int depth)
    {
        position = PdfSyntax.SkipWhitespace(data, position);
        if (position >= data.Length || depth > MaxDepth)
        {
            return null;
        }

        var c = data[position];
        switch (c)
        {
            case (byte)'<' when position + 1 < data.Length && data[position + 1] == '<':
                position += 2;
                return ParseDictionary(data, ref position, depth);
            case (byte)'<':
                return ParseHexString(data, ref position);
            case (byte)'(':
                return ParseLiteralString(data, ref position);
            case (byte)'[':
                position++;
                return ParseArray(data, ref position, depth);
            case (byte)'/':
                return ParseName(data, ref position);
            case (byte)'+' or (byte)'-' or (byte)'.' or (>= (byte)'0' and <= (byte)'9'):
                return ParseNumberOrReference(data, ref position);
            default:
                return ParseKeyword(data, ref position);
        }
    }

    private static PdfDictionary ParseDictionary(ReadOnlySpan<byte> data, ref int position, int depth)
    {
        var entries = new Dictionary<string, PdfValue>(StringComparer.Ordinal);
        for (var count = 0; count < MaxItems; count++)
        {
            position = PdfSyntax.SkipWhitespace(data, position);
            if (position >= data.Length || (data[position] == '>' && position + 1 < data.Length && data[position + 1] == '>'))
            {
                position = Math.Min(data.Length, position + 2);
                break;
            }

            if (data[position] != '/')
            {
                // Damage: not a key. Stop here rather than guess.
                break;
            }

            var key = ParseName(data, ref position);
            var start = position;
            var value = Parse(data, ref position, depth + 1);
            if (value is null || position == start)
            {
                break;
            }

            entries[key.Value] = value;
        }

        return new PdfDictionary(entries);
    }

    private static PdfArray ParseArray(ReadOnlySpan<byte> data, ref int position, int depth)
    {
        var items = new List<PdfValue>();
        while (items.Count < MaxItems)
        {
            position = PdfSyntax.SkipWhitespace(data, position);
            if (position >= data.Length || data[position] == ']')
            {
                position = Math.Min(data.Length, position + 1);
                break;
            }

            var start = position;
            var value = Parse(data, ref position, depth + 1);
            if (value is null || position == start)
            {
                break;
            }

            items.Add(value);
        }

        return new PdfArray(items);
    }

    private static PdfName ParseName(ReadOnlySpan<byte> data, ref int position)
    {
        position++;
        var name = new StringBuilder();
        while (position < data.Length && PdfSyntax.IsRegular(data[position]) && name.Length < 1024)
        {
            var c = data[position];
            if (c == '#' && position + 2 < data.Length && IsHex(data[position + 1]) && IsHex(data[position + 2]))
            {
                name.Append((char)((HexValue(data[position + 1]) << 4) | HexValue(data[position + 2])));
                position += 3;
            }
            else
            {
                name.Append((char)c);
                position++;
            }
        }

        return new PdfName(name.ToString());
    }

    private static PdfValue ParseNumberOrReference(ReadOnlySpan<byte> data, ref int position)
    {
        var number = ReadNumber(data, ref position);
        if (number is >= 0 and <= int.MaxValue && Math.Floor(number) == number)
        {
            // "12 0 R": look ahead without consuming unless the whole reference is there.
            var ahead = PdfSyntax.SkipWhitespace(data, position);
            var generationStart = ahead;
            while (ahead < data.Length && char.IsAsciiDigit((char)data[ahead]) && ahead - generationStart < 6)
            {
                ahead++;
            }

            if (ahead > generationStart && ahead - generationStart < 6)
            {
                var generation = int.Parse(Encoding.ASCII.GetString(data[generationStart..ahead]), CultureInfo.InvariantCulture);
                var r = PdfSyntax.SkipWhitespace(data, ahead);
                if (PdfSyntax.IsKeywordAt(data, r, "R"u8))
                {
                    position = r + 1;
                    return new PdfReference((int)number, generation);
                }
            }
        }

        return new PdfNumber(number);
    }

    private static double ReadNumber(ReadOnlySpan<byte> data, ref int position)
    {
        var start = position;
        while (position < data.Length && (char.IsAsciiDigit((char)data[position]) || data[position] is (byte)'.' or (byte)'-' or (byte)'+') && position - start < 64)
        {
            position++;
        }

        return double.TryParse(Encoding.ASCII.GetString(data[start..position]), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    private static PdfKeyword? ParseKeyword(ReadOnlySpan<byte> data, ref int position)
    {
        var start = position;
        while (position < data.Length && PdfSyntax.IsRegular(data[position]) && position - start < 64)
        {
            position++;
        }

        if (position == start)
        {
            // A stray delimiter: step over it so the caller does not spin.
            position++;
            return null;
        }

        return new PdfKeyword(Encoding.ASCII.GetString(data[start..position]));
    }

    private static PdfString ParseHexString(ReadOnlySpan<byte> data, ref int position)
    {
        position++;
        var bytes = new List<byte>();
        var high = -1;
        while (position < data.Length && data[position] != '>' && bytes.Count < MaxStringLength)
        {
            var c = data[position++];
            if (!IsHex(c))
            {
                continue;
            }

            if (high < 0)
            {
                high = HexValue(c);
            }
            else
            {
                bytes.Add((byte)((high << 4) | HexValue(c)));
                high = -1;
            }
        }

        if (high >= 0)
        {
            bytes.Add((byte)(high << 4));
        }

        position = Math.Min(data.Length, position + 1);
        return new PdfString([.. bytes]);
    }

    private static PdfString ParseLiteralString(ReadOnlySpan<byte> data, ref int position)
    {
        position++;
        var bytes = new List<byte>();
        var nesting = 0;
        while (position < data.Length && bytes.Count < MaxStringLength)
        {
            var c = data[position++];
            if (c == '\\')
            {
                ReadEscape(data, ref position, bytes);
                continue;
            }

            if (c == '(')
            {
                nesting++;
            }
            else if (c == ')' && nesting-- == 0)
            {
                break;
            }

            bytes.Add(c);
        }

        return new PdfString([.. bytes]);
    }

    private static void ReadEscape(ReadOnlySpan<byte> data, ref int position, List<byte> bytes)
    {
        if (position >= data.Length)
        {
            return;
        }

        var e = data[position++];
        switch (e)
        {
            case (byte)'n': bytes.Add(10); break;
            case (byte)'r': bytes.Add(13); break;
            case (byte)'t': bytes.Add(9); break;
            case (byte)'b': bytes.Add(8); break;
            case (byte)'f': bytes.Add(12); break;
            case (byte)'\r':
                if (position < data.Length && data[position] == '\n')
                {
                    position++;
                }

                break;
            case (byte)'\n':
                break;
            case >= (byte)'0' and <= (byte)'7':
                var value = e - '0';
                for (var digits = 1; digits < 3 && position < data.Length && data[position] is >= (byte)'0' and <= (byte)'7'; digits++)
                {
                    value = (value * 8) + (data[position++] - '0');
                }

                bytes.Add((byte)value);
                break;
            default:
                bytes.Add(e);
                break;
        }
    }

    private static bool IsHex(byte c) => char.IsAsciiHexDigit((char)c);

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
