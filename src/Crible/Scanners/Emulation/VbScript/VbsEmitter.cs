using System.Text;

namespace Crible.Scanners.Emulation.VbScript;

/// <summary>
/// Writes a parsed VBScript program as JavaScript for the emulator's engine. Procedures become functions (the
/// function's name is its result variable, <c>$r</c>), classes constructor functions, loops labelled loops so
/// <c>Exit For</c>/<c>Exit Do</c> leave the right one, and under <c>On Error Resume Next</c> every statement is
/// wrapped so an error moves on to the next. The output is bounded by <paramref name="maxLength"/>.
/// </summary>
internal sealed class VbsEmitter
{
    private readonly StringBuilder _out = new();
    private readonly VbsScope _scope;
    private readonly VbsExpressionEmitter _expressions;
    private readonly Stack<(string Kind, string Label)> _loops = new();
    private readonly int _maxLength;
    private int _temporaries;
    private bool _resumeNext;
    private string _procedureKind = "script";

    private VbsEmitter(VbsScope scope, int maxLength)
    {
        _scope = scope;
        _expressions = new VbsExpressionEmitter(scope);
        _maxLength = maxLength;
    }

    /// <summary>The JavaScript of a whole program; <paramref name="fragment"/> is code run by Execute, which must
    /// not reset the caller's error handling.</summary>
    public static string Program(IReadOnlyList<VbsStatement> program, int maxLength, bool fragment)
    {
        var scope = new VbsScope(program);
        var emitter = new VbsEmitter(scope, maxLength);
        var globals = scope.Globals.Select(VbsJs.Variable).ToList();
        if (globals.Count > 0)
        {
            emitter.Write("var " + string.Join(", ", globals) + ";");
        }

        emitter.Write(fragment ? "var $oe;" : "var $oe = false;");
        emitter._resumeNext = UsesResumeNext(program);
        foreach (var statement in program)
        {
            emitter.Statement(statement);
        }

        return emitter._out.ToString();
    }

    /// <summary>The JavaScript of one expression (for <c>Eval</c>).</summary>
    public static string Expression(VbsExpr expression, IReadOnlyList<VbsStatement> context) =>
        new VbsExpressionEmitter(new VbsScope(context)).Emit(expression);

    private static bool UsesResumeNext(IEnumerable<VbsStatement> body) => VbsScope.Walk(body).Any(s => s is VbsOnError { ResumeNext: true });

    private void Write(string text)
    {
        if (_out.Length + text.Length > _maxLength)
        {
            throw new VbsSyntaxException(0, $"the translation would exceed {_maxLength} characters");
        }

        _out.Append(text).Append('\n');
    }

    private string Temporary(string prefix) => $"${prefix}{++_temporaries}";

    private string E(VbsExpr expression) => _expressions.Emit(expression);

    private string Condition(VbsExpr expression) => $"$vb.bool({E(expression)})";

    private void Block(IEnumerable<VbsStatement> body)
    {
        foreach (var statement in body)
        {
            Statement(statement);
        }
    }

    private void Statement(VbsStatement statement)
    {
        if (statement is VbsProcedure or VbsClass)
        {
            if (_procedureKind != "script" || _loops.Count > 0 || _expressions.With.Count > 0)
            {
                throw new VbsSyntaxException(statement.Line, "a procedure or class declared inside another block");
            }

            if (statement is VbsProcedure procedure)
            {
                Procedure(procedure, VbsJs.Procedure(procedure.Name), declaration: true);
            }
            else
            {
                Class((VbsClass)statement);
            }

            return;
        }

        var wrap = _resumeNext && statement is not VbsOnError;
        if (wrap)
        {
            Write("try {");
        }

        try
        {
            Unwrapped(statement);
        }
        catch (VbsSyntaxException exception) when (exception.Line == 0)
        {
            throw new VbsSyntaxException(statement.Line, exception.Message[(exception.Message.IndexOf(':', StringComparison.Ordinal) + 2)..]);
        }

        if (wrap)
        {
            Write("} catch ($e) { if (!$oe) { throw $e; } $vb.fail($e); }");
        }
    }

    private void Unwrapped(VbsStatement statement)
    {
        switch (statement)
        {
            case VbsDim dim:
                foreach (var name in dim.Names.Where(n => n.Bounds is not null))
                {
                    Write($"{LValue(name.Name)} = $vb.dim({_expressions.Arguments(name.Bounds!)});");
                }

                break;
            case VbsReDim redim:
                foreach (var name in redim.Names)
                {
                    var target = LValue(name.Name);
                    Write($"{target} = $vb.redim({target}, {_expressions.Arguments(name.Bounds ?? [])}, {(redim.Preserve ? "true" : "false")});");
                }

                break;
            case VbsConst constant:
                Write($"{LValue(constant.Name)} = {E(constant.Value)};");
                break;
            case VbsErase erase:
                Write($"{LValue(erase.Name)} = $vb.erase({LValue(erase.Name)});");
                break;
            case VbsAssign assign:
                Assign(assign);
                break;
            case VbsCall call:
                Call(call);
                break;
            case VbsIf branch:
                If(branch);
                break;
            case VbsSelect select:
                Select(select);
                break;
            case VbsFor loop:
                For(loop);
                break;
            case VbsForEach each:
                ForEach(each);
                break;
            case VbsLoop loop:
                Loop(loop);
                break;
            case VbsWith with:
                var subject = Temporary("w");
                Write($"var {subject} = {E(with.Subject)};");
                _expressions.With.Push(subject);
                Block(with.Body);
                _expressions.With.Pop();
                break;
            case VbsExit exit:
                Exit(exit);
                break;
            case VbsOnError onError:
                Write(onError.ResumeNext ? "$oe = true; $vb.err.clear();" : "$oe = false; $vb.err.clear();");
                break;
            default:
                throw new VbsSyntaxException(statement.Line, $"{statement.GetType().Name[3..]} is not supported");
        }
    }

    /// <summary>The JavaScript a name is assigned through.</summary>
    private string LValue(string name) => _scope.Resolve(name) switch
    {
        VbsNameKind.Result => "$r",
        VbsNameKind.Field => "$me." + VbsJs.Variable(name),
        VbsNameKind.Local or VbsNameKind.Global => VbsJs.Variable(name),
        _ => "globalThis." + VbsJs.Variable(name),
    };

    private void Assign(VbsAssign assign)
    {
        var value = E(assign.Value);
        switch (assign.Target)
        {
            case VbsName name:
                Write($"{LValue(name.Name)} = {value};");
                break;
            case VbsMember member:
                Write($"$vb.set({_expressions.Target(member.Target)}, {VbsJs.Quote(member.Name)}, {value});");
                break;
            case VbsIndex { Target: VbsName name } index when _scope.Resolve(name.Name) is VbsNameKind.Local or VbsNameKind.Global or VbsNameKind.Field or VbsNameKind.Result or VbsNameKind.Unknown:
                Write($"$vb.setidx({_expressions.Name(name.Name, null)}, {_expressions.Arguments(index.Arguments)}, {value});");
                break;
            case VbsIndex { Target: VbsMember member } index:
                Write($"$vb.setm({_expressions.Target(member.Target)}, {VbsJs.Quote(member.Name)}, {_expressions.Arguments(index.Arguments)}, {value});");
                break;
            default:
                throw new VbsSyntaxException(assign.Line, "this expression cannot be assigned to");
        }
    }

    private void Call(VbsCall call)
    {
        switch (call.Target)
        {
            case VbsName name:
                Write(_expressions.Name(name.Name, call.Arguments) + ";");
                break;
            case VbsMember member:
                Write($"$vb.call({_expressions.Target(member.Target)}, {VbsJs.Quote(member.Name)}, {_expressions.Arguments(call.Arguments)});");
                break;
            default:
                Write($"$vb.idx({E(call.Target)}, {_expressions.Arguments(call.Arguments)});");
                break;
        }
    }

    private void If(VbsIf branch)
    {
        for (var i = 0; i < branch.Branches.Count; i++)
        {
            var (condition, body) = branch.Branches[i];
            Write($"{(i == 0 ? "if" : "} else if")} ({Condition(condition)}) {{");
            Block(body);
        }

        if (branch.Else is not null)
        {
            Write("} else {");
            Block(branch.Else);
        }

        Write("}");
    }

    private void Select(VbsSelect select)
    {
        var subject = Temporary("s");
        Write($"var {subject} = {E(select.Subject)};");
        var first = true;
        foreach (var (tests, body) in select.Cases)
        {
            var conditions = tests.Select(t => t switch
            {
                { Comparison: { } op } => $"$vb.bool($vb.compare({VbsJs.Quote(op)}, {subject}, {E(t.Value)}))",
                { UpTo: { } upTo } => $"$vb.between({subject}, {E(t.Value)}, {E(upTo)})",
                _ => $"$vb.bool($vb.eq({subject}, {E(t.Value)}))",
            });
            Write($"{(first ? "if" : "} else if")} ({string.Join(" || ", conditions)}) {{");
            Block(body);
            first = false;
        }

        if (select.Else is not null)
        {
            Write(first ? "{" : "} else {");
            Block(select.Else);
            first = false;
        }

        if (!first)
        {
            Write("}");
        }
    }

    private void For(VbsFor loop)
    {
        var variable = LValue(loop.Variable);
        var end = Temporary("t");
        var step = Temporary("p");
        var label = Temporary("L")[1..];
        Write($"var {end} = $vb.num({E(loop.To)}), {step} = {(loop.Step is null ? "1" : $"$vb.num({E(loop.Step)})")};");
        Write($"{label}: for ({variable} = $vb.num({E(loop.From)}); {step} >= 0 ? {variable} <= {end} : {variable} >= {end}; {variable} = {variable} + {step}) {{");
        InLoop("for", label, loop.Body);
        Write("}");
    }

    private void ForEach(VbsForEach each)
    {
        var items = Temporary("i");
        var index = Temporary("k");
        var label = Temporary("L")[1..];
        Write($"var {items} = $vb.items({E(each.Collection)});");
        Write($"{label}: for (var {index} = 0; {index} < {items}.length; {index}++) {{");
        Write($"{LValue(each.Variable)} = {items}[{index}];");
        InLoop("for", label, each.Body);
        Write("}");
    }

    private void Loop(VbsLoop loop)
    {
        var label = Temporary("L")[1..];
        var test = loop.Condition is null ? "true" : loop.Until ? $"!{Condition(loop.Condition)}" : Condition(loop.Condition);
        Write(loop.TestAfter ? $"{label}: do {{" : $"{label}: while ({test}) {{");
        InLoop("do", label, loop.Body);
        Write(loop.TestAfter ? $"}} while ({test});" : "}");
    }

    private void InLoop(string kind, string label, IReadOnlyList<VbsStatement> body)
    {
        _loops.Push((kind, label));
        Block(body);
        _loops.Pop();
    }

    private void Exit(VbsExit exit)
    {
        switch (exit.What)
        {
            case "for" or "do":
                var loop = _loops.FirstOrDefault(l => l.Kind == exit.What);
                Write(loop.Label is null ? throw new VbsSyntaxException(exit.Line, $"Exit {exit.What} outside a loop") : $"break {loop.Label};");
                break;
            case "sub" or "function" or "property":
                Write(_procedureKind == "script" ? throw new VbsSyntaxException(exit.Line, $"Exit {exit.What} outside a procedure") : "return $r;");
                break;
            default:
                throw new VbsSyntaxException(exit.Line, $"Exit {exit.What} is not a VBScript statement");
        }
    }

    private void Procedure(VbsProcedure procedure, string jsName, bool declaration)
    {
        _scope.EnterProcedure(procedure);
        var outer = (_resumeNext, _procedureKind, _loops.Count);
        _procedureKind = procedure.Kind;
        var parameters = string.Join(", ", procedure.Parameters.Select(p => VbsJs.Variable(p.Name)));
        Write(declaration ? $"function {jsName}({parameters}) {{" : $"{jsName} = function ({parameters}) {{");
        var locals = _scope.Locals.Except(procedure.Parameters.Select(p => p.Name)).Select(VbsJs.Variable).ToList();
        Write("var $r, $oe = false;" + (locals.Count > 0 ? " var " + string.Join(", ", locals) + ";" : string.Empty));
        _resumeNext = UsesResumeNext(procedure.Body);
        Block(procedure.Body);
        Write("return $r;");
        Write(declaration ? "}" : "};");
        (_resumeNext, _procedureKind, _) = outer;
        _scope.LeaveProcedure();
    }

    /// <summary>A class: fields on the instance, methods and property accessors as functions of it
    /// (<c>f_name</c> for methods and Property Get, <c>l_name</c> for Property Let and Set).</summary>
    private void Class(VbsClass type)
    {
        _scope.EnterClass(type);
        Write($"function {VbsJs.Class(type.Name)}() {{");
        Write($"var $me = this; this.__vbclass = {VbsJs.Quote(type.Name)};");
        foreach (var member in type.Members)
        {
            switch (member)
            {
                case VbsDim dim:
                    foreach (var name in dim.Names)
                    {
                        Write($"this.{VbsJs.Variable(name.Name)} = {(name.Bounds is null ? "undefined" : $"$vb.dim({_expressions.Arguments(name.Bounds)})")};");
                    }

                    break;
                case VbsProcedure procedure:
                    var prefix = procedure.Kind is "property let" or "property set" ? "this.l_" : "this.";
                    Procedure(procedure, prefix == "this." ? "this." + VbsJs.Procedure(procedure.Name) : prefix + VbsJs.Procedure(procedure.Name)[2..], declaration: false);
                    break;
                case VbsConst constant:
                    Write($"this.{VbsJs.Variable(constant.Name)} = {E(constant.Value)};");
                    break;
                default:
                    throw new VbsSyntaxException(member.Line, "only declarations and procedures can be members of a class");
            }
        }

        Write("if (this.f_class_initialize) { this.f_class_initialize(); }");
        Write("}");
        _scope.LeaveClass();
    }
}
