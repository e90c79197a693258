using Crible.Identification;
using System.Text;
using Crible.Pipeline;

namespace Crible.Scanners.Web;

/// <summary>Reading markup and scripts as text, and decoding the Base64 found in them, for the web scanners.</summary>
internal static class WebText
{
    /// <summary>The kinds whose text may carry web payloads.</summary>
    public static bool IsWebText(ScanItem item) =>
        item.Kind == FileKinds.Html || item.Kind == WebKinds.Hta || item.Kind == WebKinds.Wsf || item.Kind == WebKinds.Wsc || item.Kind == FileKinds.JavaScript || item.Kind == FileKinds.Xml || item.Kind == FileKinds.Text;

    /// <summary>The file as text (UTF-16 when a BOM says so, otherwise Latin-1, which keeps every byte), or null
    /// (and the node marked incomplete) when it is too large to hold in memory.</summary>
    public static string? Read(ScanItem item, ScanContext context)
    {
        if (item.Size > context.Limits.MaxInMemoryBytes)
        {
            context.Incomplete($"{context.ScannerName}: {item.Size} bytes is more than the {context.Limits.MaxInMemoryBytes} bytes read as text");
            return null;
        }

        var bytes = item.Data.ReadAllBytes();
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        return bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF
            ? Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2)
            : Encoding.Latin1.GetString(bytes);
    }

    /// <summary>
    /// Decodes Base64 the way browsers do: whitespace ignored, the URL-safe alphabet accepted, missing padding
    /// added. Null when what remains is not Base64.
    /// </summary>
    public static byte[]? DecodeBase64(ReadOnlySpan<char> text)
    {
        var symbols = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/')
            {
                symbols.Append(c);
            }
            else if (c is '-' or '_')
            {
                symbols.Append(c == '-' ? '+' : '/');
            }
            else if (c == '=')
            {
                break;
            }
            else if (!char.IsWhiteSpace(c))
            {
                return null;
            }
        }

        if (symbols.Length % 4 == 1)
        {
            return null;
        }

        symbols.Append('=', (4 - (symbols.Length % 4)) % 4);
        try
        {
            return Convert.FromBase64String(symbols.ToString());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static bool IsBase64Symbol(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_' or '=';
}
