namespace Crible.Identification.Detectors;

/// <summary>Small helpers for detectors of markup: where the first real token starts once byte-order marks,
/// whitespace and comments are skipped.</summary>
internal static class MarkupText
{
    /// <summary>How far markup may be padded with whitespace and comments before its first tag.</summary>
    public const int MaxPrologueLength = 8 * 1024;

    /// <summary>Index of the first character after leading BOMs, whitespace and complete &lt;!-- --&gt; comments;
    /// -1 when a comment is unterminated or the prologue is implausibly long.</summary>
    public static int SkipPrologue(ReadOnlySpan<char> text)
    {
        var position = 0;
        while (position < text.Length && position <= MaxPrologueLength)
        {
            if (char.IsWhiteSpace(text[position]) || text[position] == '\uFEFF')
            {
                position++;
            }
            else if (text[position..].StartsWith("<!--", StringComparison.Ordinal))
            {
                var end = text[(position + 4)..].IndexOf("-->", StringComparison.Ordinal);
                if (end < 0)
                {
                    return -1;
                }

                position += 4 + end + 3;
            }
            else
            {
                return position;
            }
        }

        return position <= MaxPrologueLength ? position : -1;
    }

    /// <summary>The tag name right after a "&lt;" at <paramref name="position"/>, or empty.</summary>
    public static ReadOnlySpan<char> TagNameAt(ReadOnlySpan<char> text, int position)
    {
        if (position < 0 || position >= text.Length || text[position] != '<')
        {
            return [];
        }

        var start = position + 1;
        var end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '-' or ':' or '_'))
        {
            end++;
        }

        var terminated = end < text.Length && (char.IsWhiteSpace(text[end]) || text[end] is '>' or '/');
        return end > start && char.IsAsciiLetter(text[start]) && terminated ? text[start..end] : [];
    }
}
