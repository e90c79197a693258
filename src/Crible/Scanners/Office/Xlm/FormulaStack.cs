namespace Crible.Scanners.Office.Xlm;

/// <summary>
/// The evaluation stack of a reverse-Polish formula, holding each operand's text and, when it is made of constants,
/// its string value (so CHAR(104)&amp;"ttp" folds to "http"). Bounded in depth and text length; a stack that does not
/// add up (a function with an unknown argument count, too few operands) stops rebuilding the text but keeps collecting
/// the calls and strings.
/// </summary>
internal sealed class FormulaStack
{
    public const int MaxDepth = 256;
    public const int MaxTextLength = 1024;

    private readonly List<Operand> _stack = [];
    private readonly List<string> _calls = [];
    private readonly List<string> _strings = [];
    private bool _broken;

    public void Break() => _broken = true;

    public void Push(string text, int? integer = null) => Push(new Operand(text, null, integer, Folded: false));

    public void PushString(string value)
    {
        _strings.Add(value);
        Push(new Operand($"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", value, null, Folded: false));
    }

    public void Unary(string prefix, string suffix)
    {
        if (Pop(1) is [var operand])
        {
            var keepsValue = prefix == "(";
            Push(new Operand(prefix + operand.Text + suffix, keepsValue ? operand.Value : null, keepsValue ? operand.Integer : null, keepsValue && operand.Folded));
        }
    }

    public void Binary(string symbol)
    {
        if (Pop(2) is [var left, var right])
        {
            var value = symbol == "&" && left.Value is not null && right.Value is not null ? Bound(left.Value + right.Value) : null;
            Push(new Operand(left.Text + symbol + right.Text, value, null, Folded: value is not null));
        }
    }

    /// <summary>A function or command with <paramref name="arity"/> arguments (-1: unknown, the text is lost).</summary>
    public void Call(string name, int arity, bool userDefined)
    {
        if (arity < 0 || Pop(arity) is not { } arguments)
        {
            _calls.Add(name);
            _broken = true;
            return;
        }

        if (userDefined && arguments.Count > 0)
        {
            name = arguments[0].Text;
            arguments = arguments[1..];
        }

        _calls.Add(name);
        foreach (var argument in arguments.Where(a => a.Folded && a.Value!.Length > 1))
        {
            _strings.Add(argument.Value!);
        }

        var character = name == "CHAR" && arguments is [{ Integer: >= 1 and <= 255 } code] ? ((char)code.Integer.Value).ToString() : null;
        Push(new Operand($"{name}({string.Join(",", arguments.Select(a => a.Text))})", character, null, Folded: character is not null));
    }

    public XlsbFormulaText Result()
    {
        if (!_broken && _stack is [{ Folded: true } top] && top.Value!.Length > 1)
        {
            _strings.Add(top.Value);
        }

        var text = !_broken && _stack.Count == 1 ? "=" + _stack[0].Text : null;
        return new XlsbFormulaText(_calls, _strings, text);
    }

    private List<Operand>? Pop(int count)
    {
        if (_broken || count > _stack.Count)
        {
            _broken = true;
            return null;
        }

        var operands = _stack[^count..];
        _stack.RemoveRange(_stack.Count - count, count);
        return operands;
    }

    private void Push(Operand operand)
    {
        if (_broken || _stack.Count >= MaxDepth)
        {
            _broken = true;
            return;
        }

        _stack.Add(operand with { Text = Bound(operand.Text) });
    }

    private static string Bound(string text) => text.Length <= MaxTextLength ? text : text[..MaxTextLength] + "…";

    /// <param name="Value">The string the operand stands for when it is made of constants.</param>
    /// <param name="Folded">Whether that value was put together here rather than written in the formula.</param>
    private sealed record Operand(string Text, string? Value, int? Integer, bool Folded);
}
