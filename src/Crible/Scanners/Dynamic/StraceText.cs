using System.Globalization;
using System.Text;

namespace Crible.Scanners.Dynamic;

/// <summary>
/// Reads the values in strace's arguments: quoted strings (strace runs with <c>-xx</c>, so every byte of a string is
/// <c>\xNN</c> and a hostile name cannot close the quote or fake an argument), arrays and the top-level split of an
/// argument list. Everything is bounded by the text it is given.
/// </summary>
internal static class StraceText
{
    public const int MaxArguments = 16;
    public const int MaxArrayElements = 256;

    /// <summary>Splits <c>a, {b, c}, [d, e], "f"</c> at the commas that are outside brackets and quotes.</summary>
    public static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length && parts.Count < MaxArrayElements; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                case ',' when depth == 0:
                    parts.Add(text[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        if (start < text.Length && parts.Count < MaxArrayElements)
        {
            var last = text[start..].Trim();
            if (last.Length > 0)
            {
                parts.Add(last);
            }
        }

        return parts;
    }

    /// <summary>The bytes of the first quoted string in <paramref name="token"/>, or null when there is none.</summary>
    public static byte[]? DecodeBytes(string token)
    {
        var open = token.IndexOf('"', StringComparison.Ordinal);
        if (open < 0)
        {
            return null;
        }

        var bytes = new List<byte>(Math.Min(token.Length / 4 + 1, 4096));
        for (var i = open + 1; i < token.Length; i++)
        {
            var c = token[i];
            if (c == '"')
            {
                return [.. bytes];
            }

            if (c != '\\' || i + 1 >= token.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }

            i = DecodeEscape(token, i + 1, bytes);
        }

        return [.. bytes];
    }

    /// <summary>The first quoted string as text (invalid UTF-8 becomes U+FFFD, control characters stay as they are:
    /// callers that show it clean it), or null.</summary>
    public static string? DecodeString(string token) => DecodeBytes(token) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The strings of an array argument such as <c>["a", "b"]</c>; elements that are not strings are skipped.</summary>
    public static List<string> DecodeStringArray(string token)
    {
        var result = new List<string>();
        var trimmed = token.Trim();
        var end = trimmed.LastIndexOf(']');
        if (!trimmed.StartsWith('[') || end < 1)
        {
            return result;
        }

        foreach (var element in SplitTopLevel(trimmed[1..end]))
        {
            if (DecodeString(element) is { } text)
            {
                result.Add(text);
            }
        }

        return result;
    }

    /// <summary>Decodes the escape whose letter is at <paramref name="index"/>; returns the index of its last character.</summary>
    private static int DecodeEscape(string token, int index, List<byte> bytes)
    {
        var c = token[index];
        if (c == 'x' && index + 2 < token.Length && byte.TryParse(token.AsSpan(index + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
        {
            bytes.Add(hex);
            return index + 2;
        }

        if (c is >= '0' and <= '7')
        {
            var length = 1;
            while (length < 3 && index + length < token.Length && token[index + length] is >= '0' and <= '7')
            {
                length++;
            }

            bytes.Add((byte)Convert.ToInt32(token.Substring(index, length), 8));
            return index + length - 1;
        }

        bytes.Add(c switch
        {
            'n' => (byte)'\n',
            't' => (byte)'\t',
            'r' => (byte)'\r',
            'v' => (byte)'\v',
            'f' => (byte)'\f',
            _ => (byte)c,
        });
        return index;
    }
}
