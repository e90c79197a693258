using System.Text;

namespace Crible.Scanners.Emulation.VbScript;

/// <summary>
/// Writes VBScript expressions as JavaScript over the runtime library: every operator is a <c>$vb</c> call with
/// Variant semantics, names are resolved through the scope, and <c>x(i)</c> is an array index, a call or a default
/// member as the scope (or, for names it does not know, the runtime) decides.
/// </summary>
internal sealed class VbsExpressionEmitter(VbsScope scope)
{
    private const int FoldedChain = 8;

    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["&"] = "cat",
        ["+"] = "add",
        ["-"] = "sub",
        ["*"] = "mul",
        ["/"] = "div",
        ["\\"] = "idiv",
        ["mod"] = "mod",
        ["^"] = "pow",
        ["="] = "eq",
        ["<>"] = "ne",
        ["<"] = "lt",
        [">"] = "gt",
        ["<="] = "le",
        [">="] = "ge",
        ["is"] = "is",
        ["and"] = "and",
        ["or"] = "or",
        ["xor"] = "xor",
        ["eqv"] = "eqv",
        ["imp"] = "imp",
    };

    /// <summary>The variables holding the objects of the enclosing <c>With</c> blocks, innermost last.</summary>
    public Stack<string> With { get; } = new();

    public string Emit(VbsExpr expression) => expression switch
    {
        VbsLiteral literal => literal.Js,
        VbsUnary { Operator: "()" } unary => "(" + Emit(unary.Operand) + ")",
        VbsUnary { Operator: "-" } unary => "$vb.neg(" + Emit(unary.Operand) + ")",
        VbsUnary { Operator: "+" } unary => Emit(unary.Operand),
        VbsUnary unary => "$vb.not(" + Emit(unary.Operand) + ")",
        VbsBinary binary => Binary(binary),
        VbsName name => Name(name.Name, null),
        VbsMember member => $"$vb.get({Target(member.Target)}, {VbsJs.Quote(member.Name)})",
        VbsIndex index => Index(index.Target, index.Arguments),
        VbsNew created => New(created.ClassName),
        _ => throw new InvalidOperationException("unknown expression " + expression.GetType().Name),
    };

    public string Target(VbsExpr? target)
    {
        if (target is not null)
        {
            return Emit(target);
        }

        return With.Count > 0 ? With.Peek() : throw new VbsSyntaxException(0, "a '.member' outside a With block");
    }

    public string Arguments(IReadOnlyList<VbsExpr?> arguments) =>
        "[" + string.Join(", ", arguments.Select(a => a is null ? "undefined" : Emit(a))) + "]";

    private string ArgumentList(IReadOnlyList<VbsExpr?> arguments) =>
        string.Join(", ", arguments.Select(a => a is null ? "undefined" : Emit(a)));

    /// <summary><c>target(arguments)</c> as a value; with no arguments a procedure is still called.</summary>
    public string Index(VbsExpr target, IReadOnlyList<VbsExpr?> arguments) => target switch
    {
        VbsName name => Name(name.Name, arguments),
        VbsMember member => $"$vb.call({Target(member.Target)}, {VbsJs.Quote(member.Name)}, {Arguments(arguments)})",
        _ => $"$vb.idx({Emit(target)}, {Arguments(arguments)})",
    };

    /// <summary>A name read as a value (<paramref name="arguments"/> null) or applied to arguments.</summary>
    public string Name(string name, IReadOnlyList<VbsExpr?>? arguments)
    {
        switch (name)
        {
            case "me":
                // Outside a class Me is an error when it runs, unless code run by Execute inside a method sees it.
                return Apply(scope.InClass ? "$me" : "(typeof $me === \"undefined\" ? $vb.me() : $me)", arguments);
            case "wscript" or "wsh":
                return Apply("WScript", arguments);
            case "err":
                return Apply("$vb.err", arguments);
        }

        if (VbsBuiltins.CodeRunners.Contains(name) && scope.Resolve(name) is VbsNameKind.Unknown or VbsNameKind.Builtin)
        {
            return CodeRunner(name, arguments ?? []);
        }

        var kind = scope.Resolve(name);
        return kind switch
        {
            VbsNameKind.Local or VbsNameKind.Global => Apply(VbsJs.Variable(name), arguments),
            VbsNameKind.Result when arguments is null or { Count: 0 } => "$r",
            VbsNameKind.Result => $"{(scope.InClass ? "$me." : string.Empty)}{VbsJs.Procedure(name)}({ArgumentList(arguments)})",
            VbsNameKind.Field => Apply("$me." + VbsJs.Variable(name), arguments),
            VbsNameKind.Method => $"$me.{VbsJs.Procedure(name)}({ArgumentList(arguments ?? [])})",
            VbsNameKind.Procedure => $"{VbsJs.Procedure(name)}({ArgumentList(arguments ?? [])})",
            VbsNameKind.Builtin when VbsBuiltins.Constants.Contains(name) => Apply("$vb.c." + name, arguments),
            VbsNameKind.Builtin => $"$vb.b.{name}({ArgumentList(arguments ?? [])})",
            _ => Unknown(name, arguments),
        };
    }

    /// <summary>A name nothing here declares: looked up when it runs (typeof is safe on an undeclared name), so a
    /// procedure or variable that code run by Execute made, in this scope or the global one, is found.</summary>
    private string Unknown(string name, IReadOnlyList<VbsExpr?>? arguments)
    {
        var variable = VbsJs.Variable(name);
        var procedure = VbsJs.Procedure(name);
        return $"$vb.named({VbsJs.Quote(name)}, {(arguments is null ? "null" : Arguments(arguments))}, typeof {variable} === \"undefined\" ? undefined : {variable}, typeof {procedure} === \"undefined\" ? undefined : {procedure})";
    }

    /// <summary><c>Execute</c> and <c>ExecuteGlobal</c> run translated code with JavaScript's direct and global
    /// eval; <c>Eval</c> evaluates a translated expression in the caller's scope. The runtime logs each string.</summary>
    private string CodeRunner(string name, IReadOnlyList<VbsExpr?> arguments)
    {
        var code = arguments.Count > 0 && arguments[0] is { } first ? Emit(first) : "\"\"";
        return name switch
        {
            "execute" => $"eval($vb.execute({code}, false))",
            "executeglobal" => $"(0, eval)($vb.execute({code}, true))",
            _ => $"eval($vb.evaluate({code}))",
        };
    }

    private string Apply(string value, IReadOnlyList<VbsExpr?>? arguments) =>
        arguments is null ? value : $"$vb.idx({value}, {Arguments(arguments)})";

    private string New(string className)
    {
        if (scope.IsClass(className))
        {
            return $"new {VbsJs.Class(className)}()";
        }

        return $"$vb.create({VbsJs.Quote(className)})";
    }

    /// <summary>Obfuscated scripts chain thousands of <c>&amp;</c>: a long chain becomes one folding call, not
    /// thousands of nested ones (neither this code nor the JavaScript parser recurses per link).</summary>
    private string Binary(VbsBinary binary)
    {
        var operands = new List<VbsExpr>();
        var operators = new List<string>();
        VbsExpr current = binary;
        while (current is VbsBinary link && operands.Count < 1_000_000)
        {
            operands.Add(link.Right);
            operators.Add(link.Operator);
            current = link.Left;
        }

        operands.Add(current);
        operands.Reverse();
        operators.Reverse();
        if (operators.Count < FoldedChain)
        {
            var text = Emit(operands[0]);
            for (var i = 0; i < operators.Count; i++)
            {
                text = $"$vb.{Operators[operators[i]]}({text}, {Emit(operands[i + 1])})";
            }

            return text;
        }

        var builder = new StringBuilder("$vb.fold([");
        builder.AppendJoin(", ", operands.Select(Emit));
        builder.Append("], [");
        builder.AppendJoin(", ", operators.Select(o => VbsJs.Quote(Operators[o])));
        return builder.Append("])").ToString();
    }
}
