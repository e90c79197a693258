using System.Text;
using System.Text.RegularExpressions;

namespace Crible.Scanners.Emulation;

/// <summary>
/// JScript's own syntax, which no standard engine knows. Conditional compilation (<c>/*@cc_on ... @*/</c>,
/// <c>@if (@_win32) ... @end</c>, <c>@set @x = 1</c>) hides code from a browser or an analyser that sees only a
/// comment; dotted function names (<c>function a.b() {}</c>) are a syntax error elsewhere. Both are rewritten to
/// plain JavaScript as JScript 5.8 on 64-bit Windows runs them. Text only, no parse: the markers are rare enough
/// in ordinary code that this is safe.
/// </summary>
internal static partial class JScriptSyntax
{
    private static readonly Dictionary<string, string> Predefined = new(StringComparer.Ordinal)
    {
        ["_win32"] = "true",
        ["_win64"] = "true",
        ["_amd64"] = "true",
        ["_x86"] = "false",
        ["_jscript"] = "true",
        ["_microsoft"] = "true",
        ["_jscript_version"] = "5.8",
        ["_jscript_build"] = "16384",
    };

    /// <summary>The script with conditional compilation resolved, and JScript's dotted function declarations
    /// (<c>function String.prototype.f() {}</c>) turned into the assignments they mean.</summary>
    public static string Apply(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (script.Contains("function", StringComparison.Ordinal))
        {
            script = DottedFunction().Replace(script, "$1 = function (");
        }

        if (!script.Contains("@cc_on", StringComparison.Ordinal))
        {
            return script;
        }

        var text = script.Replace("/*@cc_on", " ", StringComparison.Ordinal)
            .Replace("@cc_on", " ", StringComparison.Ordinal)
            .Replace("/*@", " ", StringComparison.Ordinal)
            .Replace("@*/", " ", StringComparison.Ordinal);
        var variables = new HashSet<string>(StringComparer.Ordinal);
        text = SetStatement().Replace(text, match =>
        {
            variables.Add(match.Groups[1].Value);
            return $"var __cc_{match.Groups[1].Value} = ";
        });
        text = Conditions(text);
        text = Directive().Replace(text, match => match.Groups[1].Value switch
        {
            "else" => "} else {",
            "end" => "}",
            _ => match.Value,
        });
        return Variable().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (Predefined.TryGetValue(name, out var value))
            {
                return value;
            }

            return variables.Contains(name) ? "__cc_" + name : name.StartsWith('_') ? "NaN" : match.Value;
        });
    }

    /// <summary><c>@if (c)</c> and <c>@elif (c)</c> become <c>if (c) {</c> and <c>} else if (c) {</c>.</summary>
    private static string Conditions(string text)
    {
        var builder = new StringBuilder(text.Length + 64);
        var position = 0;
        foreach (Match match in Condition().Matches(text))
        {
            if (match.Index < position)
            {
                continue;
            }

            var close = MatchingParenthesis(text, match.Index + match.Length - 1);
            if (close < 0)
            {
                continue;
            }

            builder.Append(text, position, match.Index - position);
            builder.Append(match.Groups[1].Value == "if" ? "if " : "} else if ");
            builder.Append(text, match.Index + match.Length - 1, close - (match.Index + match.Length - 1) + 1);
            builder.Append(" {");
            position = close + 1;
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    private static int MatchingParenthesis(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length && i < open + 4096; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"\bfunction\s+([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex DottedFunction();

    [GeneratedRegex(@"@set\s+@(\w+)\s*=\s*", RegexOptions.CultureInvariant)]
    private static partial Regex SetStatement();

    [GeneratedRegex(@"@(if|elif)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex Condition();

    [GeneratedRegex(@"@(else|end)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Directive();

    [GeneratedRegex(@"@(_?\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();
}
