using Acornima;
using Acornima.Ast;

namespace Crible.Scanners.Emulation;

/// <summary>
/// Makes every direct <c>eval(x)</c> in a script call <c>eval(__crible_eval(x))</c>, so the host sees (and rewrites
/// in turn) each code string before it runs, while the callee is still the real eval and keeps its local scope.
/// Long <c>a + b + c + ...</c> chains of names and literals (droppers join hundreds of fragments so) become
/// <c>__crible_sum([a, b, c, ...])</c>, a left-to-right sum the engine accepts: it refuses a syntax tree deeper than 256
/// levels. JScript conditional compilation is resolved first. Code that does not parse is returned as it is: the
/// engine will then report the same syntax error.
/// </summary>
internal static class EvalRewriter
{
    public const string TraceFunction = "__crible_eval";
    public const string SumFunction = "__crible_sum";

    // Chains shorter than this stay as written: the engine takes them, and a short chain is the common case.
    internal const int MinFlattenedTerms = 64;
    private static readonly ParserOptions Options = new() { Tolerant = true, AllowReturnOutsideFunction = true };

    public static string Rewrite(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        code = JScriptSyntax.Apply(code);
        if (!code.Contains("eval", StringComparison.Ordinal) && code.AsSpan().Count('+') < MinFlattenedTerms)
        {
            return code;
        }

        Script script;
        try
        {
            script = new Parser(Options).ParseScript(code);
        }
        catch (ParseErrorException)
        {
            return code;
        }

        var edits = new List<(int Start, int End, string Text)>();
        var pending = new Stack<Node>();
        pending.Push(script);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is CallExpression { Callee: Identifier { Name: "eval" }, Arguments.Count: > 0 } call && call.Arguments[0] is not SpreadElement)
            {
                edits.Add((call.Arguments[0].Start, call.Arguments[0].Start, TraceFunction + "("));
                edits.Add((call.Arguments[0].End, call.Arguments[0].End, ")"));
            }

            if (node is BinaryExpression { Operator: Operator.Addition } sum && SumTerms(sum) is { } terms)
            {
                // The chain is replaced whole and not walked: its terms are names and literals, no eval is inside.
                var list = string.Join(", ", terms.Select(t => code[t.Start..t.End]));
                edits.Add((sum.Start, sum.End, $"{SumFunction}([{list}])"));
                continue;
            }

            foreach (var child in node.ChildNodes)
            {
                pending.Push(child);
            }
        }

        if (edits.Count == 0)
        {
            return code;
        }

        // Edits never overlap (a replaced chain is not walked), so applying them from the end keeps the positions.
        var text = new System.Text.StringBuilder(code, code.Length + (edits.Count * 8));
        foreach (var (start, end, replacement) in edits.OrderByDescending(e => e.Start).ThenByDescending(e => e.End))
        {
            text.Remove(start, end - start).Insert(start, replacement);
        }

        return text.ToString();
    }

    /// <summary>The terms of a left-nested <c>+</c> chain of at least <see cref="MinFlattenedTerms"/> names and
    /// literals, first to last; null for anything shorter or with another kind of term.</summary>
    private static List<Node>? SumTerms(BinaryExpression sum)
    {
        var terms = new List<Node>();
        Node current = sum;
        while (current is BinaryExpression { Operator: Operator.Addition } add)
        {
            if (add.Right is not (Identifier or Literal))
            {
                return null;
            }

            terms.Add(add.Right);
            current = add.Left;
        }

        if (current is not (Identifier or Literal) || terms.Count + 1 < MinFlattenedTerms)
        {
            return null;
        }

        terms.Add(current);
        terms.Reverse();
        return terms;
    }
}
