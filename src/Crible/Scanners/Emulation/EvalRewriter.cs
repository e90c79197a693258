using Acornima;
using Acornima.Ast;

namespace Crible.Scanners.Emulation;

/// <summary>
/// Makes every direct <c>eval(x)</c> in a script call <c>eval(__crible_eval(x))</c>, so the host sees (and rewrites
/// in turn) each code string before it runs, while the callee is still the real eval and keeps its local scope.
/// JScript conditional compilation is resolved first. Code that does not parse is returned as it is: the engine
/// will then report the same syntax error.
/// </summary>
internal static class EvalRewriter
{
    public const string TraceFunction = "__crible_eval";
    private static readonly ParserOptions Options = new() { Tolerant = true, AllowReturnOutsideFunction = true };

    public static string Rewrite(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        code = JScriptSyntax.Apply(code);
        if (!code.Contains("eval", StringComparison.Ordinal))
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

        var insertions = new List<(int Position, string Text)>();
        var pending = new Stack<Node>();
        pending.Push(script);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is CallExpression { Callee: Identifier { Name: "eval" }, Arguments.Count: > 0 } call && call.Arguments[0] is not SpreadElement)
            {
                insertions.Add((call.Arguments[0].Start, TraceFunction + "("));
                insertions.Add((call.Arguments[0].End, ")"));
            }

            foreach (var child in node.ChildNodes)
            {
                pending.Push(child);
            }
        }

        if (insertions.Count == 0)
        {
            return code;
        }

        var text = new System.Text.StringBuilder(code, code.Length + (insertions.Count * 8));
        foreach (var (position, insert) in insertions.OrderByDescending(i => i.Position))
        {
            text.Insert(position, insert);
        }

        return text.ToString();
    }
}
