namespace Crible.Scanners.Web;

/// <summary>A Base64 string found in a script: where it starts, its text (concatenated parts joined) and whether it
/// is the argument of <c>atob(...)</c>.</summary>
internal sealed record Base64Literal(int Offset, string Text, bool IsAtobArgument);

/// <summary>
/// Finds string literals made only of Base64 symbols in script or markup text: quoted with ', " or `, joined across
/// <c>"…" + "…"</c> concatenations. Linear in the text; literals longer than <see cref="MaxLiteralLength"/> are cut.
/// </summary>
internal static class ScriptLiterals
{
    public const int MaxLiteralLength = 64 << 20;
    private const int MaxParts = 10_000;

    /// <param name="minLength">Shortest literal reported, unless it is an atob() argument.</param>
    /// <param name="minAtobLength">Shortest atob() argument reported.</param>
    public static IEnumerable<Base64Literal> Find(string text, int minLength, int minAtobLength)
    {
        var index = 0;
        while (index < text.Length)
        {
            var quote = text.IndexOfAny(['"', '\'', '`'], index);
            if (quote < 0)
            {
                yield break;
            }

            var (value, end) = ReadConcatenation(text, quote);
            if (value is null)
            {
                // Not a Base64 literal, or a closing quote: the next quote may open one.
                index = quote + 1;
                continue;
            }

            var isAtob = IsAtobArgument(text, quote);
            if (value.Length >= (isAtob ? minAtobLength : minLength))
            {
                yield return new Base64Literal(quote, value, isAtob);
            }

            index = end;
        }
    }

    /// <summary>One literal of Base64 symbols, and the literals joined to it with '+'; null when the first one has
    /// anything else in it.</summary>
    private static (string? Value, int End) ReadConcatenation(string text, int quote)
    {
        var parts = new System.Text.StringBuilder();
        var position = quote;
        for (var part = 0; part < MaxParts; part++)
        {
            var close = ReadBase64Literal(text, position);
            if (close < 0)
            {
                return part == 0 ? (null, quote + 1) : (parts.ToString(), position);
            }

            if (parts.Length + (close - position - 1) > MaxLiteralLength)
            {
                return (parts.ToString(), close + 1);
            }

            parts.Append(text, position + 1, close - position - 1);
            var next = SkipSpaces(text, close + 1);
            if (next >= text.Length || text[next] != '+')
            {
                return (parts.ToString(), close + 1);
            }

            next = SkipSpaces(text, next + 1);
            if (next >= text.Length || text[next] is not ('"' or '\'' or '`'))
            {
                return (parts.ToString(), close + 1);
            }

            position = next;
        }

        return (parts.ToString(), position);
    }

    /// <summary>The index of the closing quote of a literal of Base64 symbols opened at <paramref name="quote"/>, or -1.</summary>
    private static int ReadBase64Literal(string text, int quote)
    {
        var delimiter = text[quote];
        for (var index = quote + 1; index < text.Length; index++)
        {
            var c = text[index];
            if (c == delimiter)
            {
                return index;
            }

            if (!WebText.IsBase64Symbol(c))
            {
                return -1;
            }
        }

        return -1;
    }

    private static bool IsAtobArgument(string text, int quote)
    {
        var before = quote - 1;
        while (before >= 0 && char.IsWhiteSpace(text[before]))
        {
            before--;
        }

        return before >= 4 && text[before] == '(' && text.AsSpan(0, before).TrimEnd().EndsWith("atob", StringComparison.OrdinalIgnoreCase);
    }

    private static int SkipSpaces(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index;
    }
}
