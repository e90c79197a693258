namespace Crible.Scanners.Pdf;

/// <summary>The character classes of PDF syntax.</summary>
internal static class PdfSyntax
{
    public static bool IsWhitespace(int c) => c is 0 or 9 or 10 or 12 or 13 or 32;

    public static bool IsDelimiter(int c) => c is '(' or ')' or '<' or '>' or '[' or ']' or '{' or '}' or '/' or '%';

    public static bool IsRegular(int c) => c >= 0 && !IsWhitespace(c) && !IsDelimiter(c);

    /// <summary>The first offset at or after <paramref name="position"/> that is neither whitespace nor a comment.</summary>
    public static int SkipWhitespace(ReadOnlySpan<byte> data, int position)
    {
        while (position < data.Length)
        {
            if (IsWhitespace(data[position]))
            {
                position++;
            }
            else if (data[position] == '%')
            {
                var end = data[position..].IndexOfAny((byte)'\r', (byte)'\n');
                position = end < 0 ? data.Length : position + end;
            }
            else
            {
                break;
            }
        }

        return position;
    }

    /// <summary>True when <paramref name="keyword"/> stands at <paramref name="position"/> as a whole token.</summary>
    public static bool IsKeywordAt(ReadOnlySpan<byte> data, int position, ReadOnlySpan<byte> keyword) =>
        position >= 0 && position + keyword.Length <= data.Length && data.Slice(position, keyword.Length).SequenceEqual(keyword)
        && (position + keyword.Length == data.Length || !IsRegular(data[position + keyword.Length]));
}
