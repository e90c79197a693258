using System.Globalization;

namespace Crible.Scanners.Emulation.VbScript;

/// <summary>
/// Reads VBScript expressions with VBScript's precedence, lowest first: <c>Imp</c>, <c>Eqv</c>, <c>Xor</c>,
/// <c>Or</c>, <c>And</c>, <c>Not</c>, comparisons and <c>Is</c>, <c>&amp;</c>, <c>+ -</c>, <c>Mod</c>, <c>\</c>,
/// <c>* /</c>, unary minus, <c>^</c>, then names with their <c>.member</c> and <c>(arguments)</c>.
/// </summary>
internal sealed class VbsExpressionParser(VbsTokens tokens)
{
    private static readonly string[][] Levels =
    [
        ["imp"], ["eqv"], ["xor"], ["or"], ["and"],
    ];

    private static readonly HashSet<string> Comparisons = ["=", "<>", "<", ">", "<=", ">=", "is"];

    public VbsExpr Parse() => Logical(0);

    private VbsExpr Logical(int level)
    {
        if (level == Levels.Length)
        {
            return Not();
        }

        var left = Logical(level + 1);
        while (Levels[level].Contains(tokens.Current.Text) && tokens.Current.Kind == VbsTokenKind.Identifier)
        {
            var op = tokens.Next().Text;
            left = new VbsBinary(op, left, Logical(level + 1));
        }

        return left;
    }

    private VbsExpr Not()
    {
        if (tokens.Current.Is("not"))
        {
            tokens.Next();
            using var scope = tokens.Deeper();
            return new VbsUnary("not", Not());
        }

        return Comparison();
    }

    private VbsExpr Comparison()
    {
        var left = Concatenation();
        while (Comparisons.Contains(tokens.Current.Text) && tokens.Current.Kind is VbsTokenKind.Operator or VbsTokenKind.Identifier)
        {
            var op = tokens.Next().Text;
            left = new VbsBinary(op, left, Concatenation());
        }

        return left;
    }

    private VbsExpr Concatenation() => LeftAssociative(Additive, "&");

    private VbsExpr Additive() => LeftAssociative(Modulo, "+", "-");

    private VbsExpr Modulo() => LeftAssociative(IntegerDivision, "mod");

    private VbsExpr IntegerDivision() => LeftAssociative(Multiplicative, "\\");

    private VbsExpr Multiplicative() => LeftAssociative(Unary, "*", "/");

    private VbsExpr LeftAssociative(Func<VbsExpr> operand, params string[] operators)
    {
        var left = operand();
        while (operators.Contains(tokens.Current.Text) && tokens.Current.Kind is VbsTokenKind.Operator or VbsTokenKind.Identifier)
        {
            var op = tokens.Next().Text;
            left = new VbsBinary(op, left, operand());
        }

        return left;
    }

    private VbsExpr Unary()
    {
        if (tokens.Current.Kind == VbsTokenKind.Operator && tokens.Current.Text is "-" or "+")
        {
            var op = tokens.Next().Text;
            using var scope = tokens.Deeper();
            var operand = Unary();
            return op == "-" ? new VbsUnary("-", operand) : new VbsUnary("+", operand);
        }

        return Power();
    }

    private VbsExpr Power()
    {
        var left = Postfix(Primary(), stopAtSpacedParenthesis: false);
        while (tokens.Current.Kind == VbsTokenKind.Operator && tokens.Current.Text == "^")
        {
            tokens.Next();
            VbsExpr right;
            if (tokens.Current.Kind == VbsTokenKind.Operator && tokens.Current.Text is "-" or "+")
            {
                var op = tokens.Next().Text;
                using var scope = tokens.Deeper();
                right = new VbsUnary(op, Postfix(Primary(), false));
            }
            else
            {
                right = Postfix(Primary(), false);
            }

            left = new VbsBinary("^", left, right);
        }

        return left;
    }

    /// <summary>A name and its chain of members and argument lists (a dot after white space starts a With member:
    /// <c>WScript.Echo .Count</c>). In a call statement, <c>foo (a)</c> passes the
    /// expression <c>(a)</c>: the parenthesis after white space does not belong to the chain there.</summary>
    public VbsExpr Postfix(VbsExpr expression, bool stopAtSpacedParenthesis)
    {
        var links = 0;
        while (true)
        {
            var token = tokens.Current;
            if (token.Kind == VbsTokenKind.Operator && token.Text == "." && !token.SpaceBefore)
            {
                tokens.Next();
                expression = new VbsMember(expression, MemberName());
            }
            else if (token.Kind == VbsTokenKind.Operator && token.Text == "(" && !(stopAtSpacedParenthesis && token.SpaceBefore))
            {
                tokens.Next();
                expression = new VbsIndex(expression, Arguments(")"));
                tokens.Expect(")");
            }
            else
            {
                return expression;
            }

            if (++links > 256)
            {
                throw tokens.Error("a chain of more than 256 members or calls");
            }
        }
    }

    public VbsExpr Primary()
    {
        using var scope = tokens.Deeper();
        var token = tokens.Current;
        switch (token.Kind)
        {
            case VbsTokenKind.Number:
                tokens.Next();
                return new VbsLiteral(token.Text.StartsWith('-') ? "(" + token.Text + ")" : token.Text);
            case VbsTokenKind.String:
                tokens.Next();
                return new VbsLiteral(VbsJs.Quote(token.Text));
            case VbsTokenKind.Date:
                tokens.Next();
                return new VbsLiteral("$vb.cdate(" + VbsJs.Quote(token.Text) + ")");
            case VbsTokenKind.Operator when token.Text == "(":
                tokens.Next();
                var inner = Parse();
                tokens.Expect(")");
                return new VbsUnary("()", inner);
            case VbsTokenKind.Operator when token.Text == ".":
                tokens.Next();
                return new VbsMember(null, MemberName());
            case VbsTokenKind.Identifier:
                return Name();
            default:
                throw tokens.Error($"expected a value but found {VbsTokens.Describe(token)}");
        }
    }

    private VbsExpr Name()
    {
        var token = tokens.Next();
        switch (token.Text)
        {
            case "true":
                return new VbsLiteral("true");
            case "false":
                return new VbsLiteral("false");
            case "empty":
                return new VbsLiteral("undefined");
            case "null":
                return new VbsLiteral("null");
            case "nothing":
                return new VbsLiteral("$vb.nothing");
            case "new":
                return new VbsNew(tokens.ExpectName());
            default:
                if (Reserved.Contains(token.Text))
                {
                    throw new VbsSyntaxException(token.Line, $"expected a value but found '{token.Original}'");
                }

                return new VbsName(token.Text, token.Original);
        }
    }

    private static readonly HashSet<string> Reserved =
        ["then", "else", "elseif", "end", "to", "step", "and", "or", "xor", "eqv", "imp", "mod", "is", "next", "loop", "wend", "each", "in", "dim", "sub", "function", "if", "select", "case", "do", "while", "until", "for", "with", "exit", "set", "call", "const", "redim", "class"];

    /// <summary>After a dot, keywords are ordinary member names (<c>obj.Type</c>, <c>stream.Open</c>, <c>d.Item</c>).</summary>
    private string MemberName()
    {
        var token = tokens.Current;
        if (token.Kind != VbsTokenKind.Identifier)
        {
            throw tokens.Error($"expected a member name after '.' but found {VbsTokens.Describe(token)}");
        }

        tokens.Next();
        return token.Original;
    }

    /// <summary>A comma-separated argument list up to <paramref name="closing"/> (not consumed); missing arguments
    /// (<c>f(a, , b)</c>) are null.</summary>
    public List<VbsExpr?> Arguments(string? closing)
    {
        var list = new List<VbsExpr?>();
        if (closing is not null && tokens.Current.Is(closing))
        {
            return list;
        }

        while (true)
        {
            if (tokens.Current.Is(",") || (closing is not null && tokens.Current.Is(closing)) || tokens.Current.IsEnd)
            {
                list.Add(null);
            }
            else
            {
                list.Add(Parse());
            }

            if (list.Count > 4096)
            {
                throw tokens.Error("more than 4096 arguments");
            }

            if (!tokens.Accept(","))
            {
                return list;
            }
        }
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
