using System.Globalization;
using System.Text;

namespace Crible.Scanners.Emulation.VbScript;

/// <summary>
/// Cuts VBScript source into tokens: line continuations (<c> _</c>) joined, <c>:</c> and line ends as statement
/// ends, <c>'</c> and <c>Rem</c> comments dropped, <c>""</c> escapes, <c>&amp;H</c>/<c>&amp;O</c> literals and
/// <c>#date#</c> literals read. Bounded: at most <paramref name="maxTokens"/> tokens, and every literal ends at the
/// end of its line.
/// </summary>
internal sealed class VbsLexer(string source, int maxTokens)
{
    private readonly List<VbsToken> _tokens = [];
    private int _position;
    private int _line = 1;

    public static List<VbsToken> Tokenize(string source, int maxTokens) => new VbsLexer(source, maxTokens).Run();

    private List<VbsToken> Run()
    {
        var space = true;
        while (_position < source.Length)
        {
            var c = source[_position];
            if (c is ' ' or '\t' or '\u00A0' or '\f' or '\v' or '\0')
            {
                _position++;
                space = true;
                continue;
            }

            if (c is '\r' or '\n')
            {
                EndOfLine(c);
                space = true;
                continue;
            }

            if (c == '\'')
            {
                SkipToEndOfLine();
                continue;
            }

            if (c == '_' && IsContinuation())
            {
                space = true;
                continue;
            }

            ReadToken(c, space);
            space = false;
        }

        Add(VbsTokenKind.EndOfStatement, "\n", true, "\n");
        Add(VbsTokenKind.EndOfFile, string.Empty, true, string.Empty);
        return _tokens;
    }

    private void ReadToken(char c, bool space)
    {
        if (char.IsLetter(c) || c == '_')
        {
            var start = _position;
            while (_position < source.Length && (char.IsLetterOrDigit(source[_position]) || source[_position] == '_'))
            {
                _position++;
            }

            var word = source[start.._position];
            if (word.Equals("rem", StringComparison.OrdinalIgnoreCase) && AtStatementStart())
            {
                SkipToEndOfLine();
                return;
            }

            Add(VbsTokenKind.Identifier, word.ToLowerInvariant(), space, word);
        }
        else if (c == '[')
        {
            var end = source.IndexOfAny([']', '\r', '\n'], _position);
            if (end < 0 || source[end] != ']')
            {
                throw new VbsSyntaxException(_line, "unterminated [identifier]");
            }

            var word = source[(_position + 1)..end];
            _position = end + 1;
            Add(VbsTokenKind.Identifier, word.ToLowerInvariant(), space, word);
        }
        else if (char.IsAsciiDigit(c) || (c == '.' && _position + 1 < source.Length && char.IsAsciiDigit(source[_position + 1]) && space))
        {
            ReadNumber(space);
        }
        else if (c == '&' && _position + 1 < source.Length && (char.ToLowerInvariant(source[_position + 1]) is 'h' or 'o' || char.IsAsciiDigit(source[_position + 1])) && RadixDigitsFollow())
        {
            ReadRadixNumber(space);
        }
        else if (c == '"')
        {
            ReadString(space);
        }
        else if (c == '#' && TryReadDate(space))
        {
            return;
        }
        else if (c == ':')
        {
            _position++;
            Add(VbsTokenKind.EndOfStatement, ":", space, ":");
        }
        else
        {
            ReadOperator(c, space);
        }
    }

    private void ReadOperator(char c, bool space)
    {
        var next = _position + 1 < source.Length ? source[_position + 1] : '\0';
        var two = (c, next) switch
        {
            ('<', '>') => "<>",
            ('<', '=') or ('=', '<') => "<=",
            ('>', '=') or ('=', '>') => ">=",
            _ => null,
        };
        if (two is not null)
        {
            _position += 2;
            Add(VbsTokenKind.Operator, two, space, two);
            return;
        }

        if ("&+-*/\\^=<>(),.".Contains(c, StringComparison.Ordinal))
        {
            _position++;
            Add(VbsTokenKind.Operator, c.ToString(), space, c.ToString());
            return;
        }

        throw new VbsSyntaxException(_line, $"unexpected character U+{(int)c:X4}");
    }

    private void ReadNumber(bool space)
    {
        var start = _position;
        while (_position < source.Length && char.IsAsciiDigit(source[_position]))
        {
            _position++;
        }

        if (_position < source.Length && source[_position] == '.')
        {
            _position++;
            while (_position < source.Length && char.IsAsciiDigit(source[_position]))
            {
                _position++;
            }
        }

        if (_position + 1 < source.Length && source[_position] is 'e' or 'E' && (char.IsAsciiDigit(source[_position + 1]) || source[_position + 1] is '+' or '-'))
        {
            _position += 2;
            while (_position < source.Length && char.IsAsciiDigit(source[_position]))
            {
                _position++;
            }
        }

        var text = source[start.._position];
        if (_position < source.Length && source[_position] is '#' or '!' or '@' or '%')
        {
            _position++;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsInfinity(value))
        {
            throw new VbsSyntaxException(_line, $"invalid number {Clip(text)}");
        }

        Add(VbsTokenKind.Number, value.ToString("R", CultureInfo.InvariantCulture), space, text);
    }

    private bool RadixDigitsFollow()
    {
        var i = _position + 1;
        if (char.ToLowerInvariant(source[i]) is 'h' or 'o')
        {
            i++;
        }

        return i < source.Length && char.IsAsciiHexDigit(source[i]);
    }

    /// <summary><c>&amp;HFFFF</c> is the Integer -1, <c>&amp;HFFFFFFFF</c> the Long -1: the digits are two's complement.</summary>
    private void ReadRadixNumber(bool space)
    {
        var start = _position;
        _position++;
        var radix = 8;
        if (char.ToLowerInvariant(source[_position]) == 'h')
        {
            radix = 16;
            _position++;
        }
        else if (char.ToLowerInvariant(source[_position]) == 'o')
        {
            _position++;
        }

        var digitsStart = _position;
        long value = 0;
        while (_position < source.Length && (radix == 16 ? char.IsAsciiHexDigit(source[_position]) : source[_position] is >= '0' and <= '7'))
        {
            value = (value * radix) + Convert.ToInt32(source[_position].ToString(), 16);
            _position++;
            if (value > uint.MaxValue)
            {
                throw new VbsSyntaxException(_line, $"overflowing literal {Clip(source[start.._position])}");
            }
        }

        var digits = _position - digitsStart;
        if (_position < source.Length && source[_position] == '&')
        {
            _position++;
        }

        var signed = radix == 16 && digits <= 4 && value <= 0xFFFF ? (short)value : (long)(int)(uint)value;
        Add(VbsTokenKind.Number, signed.ToString(CultureInfo.InvariantCulture), space, source[start.._position]);
    }

    private void ReadString(bool space)
    {
        var text = new StringBuilder();
        _position++;
        while (true)
        {
            if (_position >= source.Length || source[_position] is '\r' or '\n')
            {
                throw new VbsSyntaxException(_line, "unterminated string literal");
            }

            var c = source[_position++];
            if (c == '"')
            {
                if (_position < source.Length && source[_position] == '"')
                {
                    text.Append('"');
                    _position++;
                    continue;
                }

                break;
            }

            text.Append(c);
        }

        Add(VbsTokenKind.String, text.ToString(), space, "\"");
    }

    private bool TryReadDate(bool space)
    {
        var end = _position + 1;
        while (end < source.Length && end < _position + 64 && source[end] is not ('#' or '\r' or '\n'))
        {
            end++;
        }

        if (end >= source.Length || source[end] != '#' || end == _position + 1)
        {
            return false;
        }

        var text = source[(_position + 1)..end];
        _position = end + 1;
        Add(VbsTokenKind.Date, text, space, "#" + text + "#");
        return true;
    }

    /// <summary>An underscore after white space and before the end of the line joins the next line to this one.</summary>
    private bool IsContinuation()
    {
        if (_position > 0 && source[_position - 1] is not (' ' or '\t'))
        {
            return false;
        }

        var i = _position + 1;
        while (i < source.Length && source[i] is ' ' or '\t')
        {
            i++;
        }

        if (i < source.Length && source[i] is not ('\r' or '\n'))
        {
            return false;
        }

        _position = i;
        if (_position < source.Length)
        {
            _position += source[_position] == '\r' && _position + 1 < source.Length && source[_position + 1] == '\n' ? 2 : 1;
            _line++;
        }

        return true;
    }

    private void EndOfLine(char c)
    {
        _position += c == '\r' && _position + 1 < source.Length && source[_position + 1] == '\n' ? 2 : 1;
        Add(VbsTokenKind.EndOfStatement, "\n", true, "\n");
        _line++;
    }

    private void SkipToEndOfLine()
    {
        while (_position < source.Length && source[_position] is not ('\r' or '\n'))
        {
            _position++;
        }
    }

    private bool AtStatementStart() => _tokens.Count == 0 || _tokens[^1].Kind == VbsTokenKind.EndOfStatement
        || (_tokens[^1].Kind == VbsTokenKind.Identifier && _tokens[^1].Text is "then" or "else");

    private void Add(VbsTokenKind kind, string text, bool space, string original)
    {
        if (text == "\n" && _tokens.Count > 0 && _tokens[^1].Text == "\n" && _tokens[^1].Kind == VbsTokenKind.EndOfStatement)
        {
            return;
        }

        if (_tokens.Count >= maxTokens)
        {
            throw new VbsSyntaxException(_line, $"more than {maxTokens} tokens");
        }

        _tokens.Add(new VbsToken(kind, text, _line, space, original));
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
