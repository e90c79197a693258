namespace Crible.Scanners.Pdf;

/// <summary>
/// Finds the indirect objects of a PDF by scanning for "N G obj" rather than trusting the cross-reference table,
/// so damaged, truncated and deliberately broken files still give their objects. A stream's data is skipped using
/// its direct /Length when that lands on "endstream", else up to the next "endstream", so objects inside stream
/// data are not mistaken for the file's own.
/// </summary>
internal static class PdfObjectFinder
{
    private const int EndstreamSlack = 64;

    /// <param name="maxObjects">Most objects returned; <paramref name="capped"/> says whether there were more.</param>
    public static List<PdfObject> Find(byte[] data, int maxObjects, out bool capped)
    {
        var objects = new List<PdfObject>();
        var keywords = new Keywords(data);
        capped = false;
        var position = 0;
        while (position < data.Length)
        {
            var at = data.AsSpan(position).IndexOf("obj"u8);
            if (at < 0)
            {
                break;
            }

            at += position;
            position = at + 3;
            if (!PdfSyntax.IsKeywordAt(data, at, "obj"u8) || !TryReadHeader(data, at, out var number, out var generation, out var start))
            {
                continue;
            }

            if (objects.Count == maxObjects)
            {
                capped = true;
                break;
            }

            var valueStart = at + 3;
            var value = PdfParser.Parse(data.AsSpan(0, keywords.ValueRegionEnd(valueStart)), ref valueStart);
            var (streamStart, streamEnd) = value is PdfDictionary dictionary ? LocateStream(data, valueStart, dictionary, keywords) : (-1, -1);
            objects.Add(new PdfObject(number, generation, start, value, streamStart, streamEnd));
            position = Math.Max(position, streamEnd >= 0 ? streamEnd : valueStart);
        }

        return objects;
    }

    /// <summary>Reads "N G" backwards from the "obj" keyword at <paramref name="at"/>.</summary>
    private static bool TryReadHeader(ReadOnlySpan<byte> data, int at, out int number, out int generation, out int start)
    {
        number = generation = start = 0;
        var position = at - 1;
        if (!ReadIntegerBackwards(data, ref position, out generation, requireSpaceAfter: true) || !ReadIntegerBackwards(data, ref position, out number, requireSpaceAfter: true))
        {
            return false;
        }

        start = position + 1;
        return position < 0 || !PdfSyntax.IsRegular(data[position]);
    }

    private static bool ReadIntegerBackwards(ReadOnlySpan<byte> data, ref int position, out int value, bool requireSpaceAfter)
    {
        value = 0;
        var spaces = 0;
        while (position >= 0 && PdfSyntax.IsWhitespace(data[position]) && spaces < 32)
        {
            position--;
            spaces++;
        }

        if (requireSpaceAfter && spaces == 0)
        {
            return false;
        }

        var end = position;
        while (position >= 0 && char.IsAsciiDigit((char)data[position]) && end - position < 10)
        {
            position--;
        }

        if (position == end)
        {
            return false;
        }

        long parsed = 0;
        for (var index = position + 1; index <= end; index++)
        {
            parsed = (parsed * 10) + (data[index] - '0');
        }

        value = (int)Math.Min(parsed, int.MaxValue);
        return true;
    }

    /// <summary>The data of the stream that follows a dictionary ending at <paramref name="afterValue"/>, if any.</summary>
    private static (int Start, int End) LocateStream(byte[] data, int afterValue, PdfDictionary dictionary, Keywords keywords)
    {
        var keyword = PdfSyntax.SkipWhitespace(data, afterValue);
        if (!PdfSyntax.IsKeywordAt(data, keyword, "stream"u8))
        {
            return (-1, -1);
        }

        var start = keyword + 6;
        if (start < data.Length && data[start] == '\r')
        {
            start++;
        }

        if (start < data.Length && data[start] == '\n')
        {
            start++;
        }

        if (dictionary["Length"] is PdfNumber { AsLength: >= 0 } length && EndsAtEndstream(data, start + length.AsLength))
        {
            return (start, (int)(start + length.AsLength));
        }

        return (start, ScanForEnd(data, start, keywords));
    }

    /// <summary>The keywords that bound objects and streams, each searched once through the file.</summary>
    private sealed class Keywords(byte[] data)
    {
        private readonly ForwardSearch _obj = new(data, "obj"u8.ToArray());

        public ForwardSearch Endstream { get; } = new(data, "endstream"u8.ToArray());

        public ForwardSearch Endobj { get; } = new(data, "endobj"u8.ToArray());

        /// <summary>A value cannot run past its object's "endobj" (or, when that is missing, the next "obj"):
        /// damaged values stop there instead of swallowing the rest of the file.</summary>
        public int ValueRegionEnd(int valueStart)
        {
            var end = Endobj.Next(valueStart);
            end = end >= 0 ? end : _obj.Next(valueStart);
            return end >= 0 ? end : data.Length;
        }
    }

    /// <summary>True when "endstream" follows <paramref name="end"/> after at most a little whitespace.</summary>
    internal static bool EndsAtEndstream(byte[] data, long end)
    {
        if (end < 0 || end > data.Length)
        {
            return false;
        }

        var keyword = PdfSyntax.SkipWhitespace(data.AsSpan(0, (int)Math.Min(data.Length, end + EndstreamSlack)), (int)end);
        return PdfSyntax.IsKeywordAt(data, keyword, "endstream"u8);
    }

    /// <summary>The end of stream data found by searching: before "endstream" and its end-of-line, or before the next
    /// "endobj" or the end of the file when the keyword is missing.</summary>
    private static int ScanForEnd(byte[] data, int start, Keywords keywords)
    {
        var at = keywords.Endstream.Next(start);
        if (at < 0)
        {
            at = keywords.Endobj.Next(start);
        }

        var end = at < 0 ? data.Length : at;
        if (end > start && data[end - 1] == '\n')
        {
            end--;
        }

        if (end > start && data[end - 1] == '\r')
        {
            end--;
        }

        return end;
    }
}
