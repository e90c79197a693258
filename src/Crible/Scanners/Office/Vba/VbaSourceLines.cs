using System.Text;

namespace Crible.Scanners.Office.Vba;

/// <summary>VBA source as logical lines: continuations (" _" at the end) joined, comments cut off, and
/// <c>Attribute</c> lines (the editor's bookkeeping) left out, so keywords are looked for in code only.</summary>
public static class VbaSourceLines
{
    private const int MaxLogicalLineLength = 64 * 1024;

    public static IEnumerable<VbaLine> Split(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var logical = new StringBuilder();
        var firstLine = 0;
        var number = 0;
        foreach (var raw in source.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (logical.Length == 0)
            {
                firstLine = number;
            }

            var continued = line.EndsWith(" _", StringComparison.Ordinal) && logical.Length < MaxLogicalLineLength;
            logical.Append(continued ? line.AsSpan(0, line.Length - 1) : line);
            if (continued)
            {
                continue;
            }

            var code = WithoutComment(logical.ToString()).Trim();
            logical.Clear();
            if (code.Length > 0 && !code.StartsWith("Attribute ", StringComparison.OrdinalIgnoreCase))
            {
                yield return new VbaLine(firstLine, code);
            }
        }
    }

    /// <summary>The line up to its comment: a quote outside a string literal, or a <c>Rem</c> statement.</summary>
    public static string WithoutComment(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                inString = !inString;
            }
            else if (line[i] == '\'' && !inString)
            {
                return line[..i];
            }
        }

        var trimmed = line.TrimStart();
        return trimmed.StartsWith("Rem ", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("Rem", StringComparison.OrdinalIgnoreCase) ? string.Empty : line;
    }
}

/// <summary>One logical line of code and the number of its first physical line.</summary>
public sealed record VbaLine(int Number, string Code);
