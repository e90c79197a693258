using System.Globalization;
using System.Text;

namespace Crible.Scanners.Office.Links;

/// <summary>
/// Field instructions of the pre-XML formats. Word 97-2003 keeps field codes in the document text between the
/// characters 0x13 (begin) and 0x14 (separator) or 0x15 (end), in 8-bit or UTF-16 pieces; RTF keeps them in
/// <c>{\*\fldinst ...}</c> groups, where control words, nested groups and <c>\'hh</c> escapes can split a keyword.
/// </summary>
public static class LegacyFieldText
{
    private const int MaxFields = 1000;
    private const int MaxInstructionLength = 4096;

    /// <summary>The field instructions of a WordDocument stream, one per line, read both as 8-bit and UTF-16 text.</summary>
    public static string WordInstructions(ReadOnlySpan<byte> wordDocument)
    {
        var builder = new StringBuilder();
        Collect(Encoding.Latin1.GetString(wordDocument), builder);
        Collect(Encoding.Unicode.GetString(wordDocument[..(wordDocument.Length & ~1)]), builder);
        return builder.ToString();
    }

    private static void Collect(string text, StringBuilder builder)
    {
        var fields = 0;
        for (var begin = text.IndexOf('\u0013', StringComparison.Ordinal); begin >= 0 && fields < MaxFields; begin = text.IndexOf('\u0013', begin + 1))
        {
            var end = text.IndexOfAny(['\u0013', '\u0014', '\u0015'], begin + 1);
            var length = Math.Min((end < 0 ? text.Length : end) - begin - 1, MaxInstructionLength);
            builder.Append(text, begin + 1, length).Append('\n');
            fields++;
        }
    }

    /// <summary>The text of every <c>\fldinst</c> group of an RTF document, one per line.</summary>
    public static string RtfInstructions(string rtf)
    {
        ArgumentNullException.ThrowIfNull(rtf);
        var builder = new StringBuilder();
        var fields = 0;
        for (var start = rtf.IndexOf(@"\fldinst", StringComparison.Ordinal); start >= 0 && fields < MaxFields; start = rtf.IndexOf(@"\fldinst", start + 1, StringComparison.Ordinal))
        {
            builder.Append(GroupText(rtf, start + @"\fldinst".Length)).Append('\n');
            fields++;
        }

        return builder.ToString();
    }

    /// <summary>The plain text from <paramref name="index"/> to the end of the enclosing group.</summary>
    private static string GroupText(string rtf, int index)
    {
        var text = new StringBuilder();
        var depth = 0;
        while (index < rtf.Length && text.Length < MaxInstructionLength)
        {
            var c = rtf[index];
            if (c == '{')
            {
                depth++;
                index++;
            }
            else if (c == '}')
            {
                if (--depth < 0)
                {
                    break;
                }

                index++;
            }
            else if (c == '\\')
            {
                index = ControlWord(rtf, index, text);
            }
            else
            {
                if (c is not '\r' and not '\n')
                {
                    text.Append(c);
                }

                index++;
            }
        }

        return text.ToString();
    }

    /// <summary>Skips a control word (keeping what it stands for when it is an escaped character) and returns the
    /// index after it.</summary>
    private static int ControlWord(string rtf, int index, StringBuilder text)
    {
        if (index + 1 >= rtf.Length)
        {
            return index + 1;
        }

        var next = rtf[index + 1];
        if (next == '\'' && index + 3 < rtf.Length && byte.TryParse(rtf.AsSpan(index + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
        {
            text.Append((char)value);
            return index + 4;
        }

        if (!char.IsAsciiLetter(next))
        {
            text.Append(next is '\\' or '{' or '}' ? next : ' ');
            return index + 2;
        }

        var end = index + 1;
        while (end < rtf.Length && char.IsAsciiLetter(rtf[end]))
        {
            end++;
        }

        while (end < rtf.Length && (char.IsAsciiDigit(rtf[end]) || rtf[end] == '-'))
        {
            end++;
        }

        return end < rtf.Length && rtf[end] == ' ' ? end + 1 : end;
    }
}
