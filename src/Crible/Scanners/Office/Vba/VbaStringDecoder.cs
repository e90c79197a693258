using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Crible.Scanners.Office.Vba;

/// <summary>
/// Undoes the string obfuscations a static reader can undo without running anything: concatenations of
/// <c>Chr(n)</c>/<c>ChrW(n)</c> and literals, <c>StrReverse("...")</c>, and literals that are hex or Base64 text
/// (PowerShell's <c>-enc</c> UTF-16 included). Bounded: at most <see cref="MaxDecoded"/> results per source.
/// </summary>
public static partial class VbaStringDecoder
{
    public const int MaxDecoded = 200;
    private const int MinEncodedLength = 16;

    public static IReadOnlyList<VbaDecodedString> Decode(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var results = new List<VbaDecodedString>();
        foreach (Match chain in ChrChain().Matches(source))
        {
            if (chain.Value.Contains("Chr", StringComparison.OrdinalIgnoreCase) && EvaluateChain(chain.Value) is { Length: > 1 } value)
            {
                Add(results, "Chr concatenation", chain.Value, value);
            }
        }

        foreach (Match call in StrReverseCall().Matches(source))
        {
            Add(results, "StrReverse", call.Value, new string([.. Unquote(call.Groups["literal"].Value).Reverse()]));
        }

        foreach (Match literal in Literal().Matches(source))
        {
            var text = Unquote(literal.Value);
            if (text.Length < MinEncodedLength)
            {
                continue;
            }

            if (HexText(text) is { } hex)
            {
                Add(results, "hex", text, hex);
            }
            else if (Base64Text(text) is { } base64)
            {
                Add(results, "Base64", text, base64);
            }
        }

        return results;
    }

    private static void Add(List<VbaDecodedString> results, string method, string expression, string value)
    {
        if (results.Count < MaxDecoded && !results.Exists(r => r.Value == value))
        {
            results.Add(new VbaDecodedString(method, expression.Length > 120 ? expression[..120] + "…" : expression, value));
        }
    }

    private static string? EvaluateChain(string chain)
    {
        var builder = new StringBuilder();
        foreach (Match term in ChainTerm().Matches(chain))
        {
            if (term.Groups["literal"].Success)
            {
                builder.Append(Unquote(term.Groups["literal"].Value));
                continue;
            }

            var number = term.Groups["number"].Value;
            var code = number.StartsWith("&H", StringComparison.OrdinalIgnoreCase)
                ? int.TryParse(number.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h) ? h : -1
                : int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : -1;
            if (code is < 0 or > 0xFFFF)
            {
                return null;
            }

            builder.Append((char)code);
        }

        return builder.ToString();
    }

    private static string Unquote(string literal) =>
        literal.Length >= 2 && literal[0] == '"' && literal[^1] == '"' ? literal[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : literal;

    private static string? HexText(string text)
    {
        if (text.Length % 2 != 0 || !text.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return Printable(Convert.FromHexString(text));
    }

    private static string? Base64Text(string text)
    {
        if (text.Length % 4 != 0 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
        {
            return null;
        }

        var buffer = new byte[text.Length / 4 * 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? Printable(buffer.AsSpan(0, written)) : null;
    }

    /// <summary>The bytes as text when nearly all of them are printable: UTF-16LE first (PowerShell's -enc), then
    /// 8-bit text.</summary>
    private static string? Printable(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 4 && bytes.Length % 2 == 0 && IsMostlyPrintable(Encoding.Unicode.GetString(bytes)) is { } wide && wide.Length * 2 == bytes.Length)
        {
            return wide;
        }

        return IsMostlyPrintable(Encoding.Latin1.GetString(bytes));
    }

    private static string? IsMostlyPrintable(string text)
    {
        var printable = text.Count(c => c is >= ' ' and <= '~' or '\r' or '\n' or '\t');
        return text.Length > 0 && printable * 10 >= text.Length * 9 ? text : null;
    }

    [GeneratedRegex(@"""(?:[^""\r\n]|"""")*""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Literal();

    [GeneratedRegex(@"(?:""(?:[^""\r\n]|"""")*""|Chr[WB]?\$?\(\s*(?:&H[0-9A-F]+|\d+)\s*\))(?:\s*[&+]\s*(?:""(?:[^""\r\n]|"""")*""|Chr[WB]?\$?\(\s*(?:&H[0-9A-F]+|\d+)\s*\)))+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ChrChain();

    [GeneratedRegex(@"(?<literal>""(?:[^""\r\n]|"""")*"")|Chr[WB]?\$?\(\s*(?<number>&H[0-9A-F]+|\d+)\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ChainTerm();

    [GeneratedRegex(@"StrReverse\s*\(\s*(?<literal>""(?:[^""\r\n]|"""")*"")\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex StrReverseCall();
}

/// <summary>A string the macro hides, and how it was hidden.</summary>
public sealed record VbaDecodedString(string Method, string Expression, string Value);
