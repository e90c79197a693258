namespace Crible.Scanners.Emulation.VbScript;

/// <summary>What a name means where it is used: a variable of the procedure, a field or method of the class, a
/// global variable, a procedure of the script, a built-in, or nothing known (looked up when it runs, since code
/// run by <c>Execute</c> can define it).</summary>
internal enum VbsNameKind
{
    Local,
    Result,
    Field,
    Method,
    Global,
    Procedure,
    Class,
    Builtin,
    Unknown,
}

/// <summary>
/// The names of one translation unit and of the procedure or class being translated. VBScript declares a variable
/// by assigning it: a name assigned at the top level is global, one assigned only inside a procedure is local to it.
/// </summary>
internal sealed class VbsScope
{
    private readonly HashSet<string> _globals = [];
    private readonly HashSet<string> _procedures = [];
    private readonly HashSet<string> _classes = [];
    private HashSet<string> _locals = [];
    private HashSet<string> _fields = [];
    private HashSet<string> _methods = [];

    public VbsScope(IReadOnlyList<VbsStatement> program)
    {
        foreach (var statement in program)
        {
            switch (statement)
            {
                case VbsProcedure procedure:
                    _procedures.Add(procedure.Name);
                    break;
                case VbsClass type:
                    _classes.Add(type.Name);
                    break;
            }
        }

        foreach (var name in Assigned(program))
        {
            _globals.Add(name);
        }
    }

    /// <summary>The function whose name is its result variable, while a Function or Property Get is translated.</summary>
    public string? Function { get; private set; }

    public bool InClass { get; private set; }

    public IEnumerable<string> Globals => _globals;

    public IEnumerable<string> Locals => _locals;

    public VbsNameKind Resolve(string name)
    {
        if (_locals.Contains(name))
        {
            return VbsNameKind.Local;
        }

        if (name == Function)
        {
            return VbsNameKind.Result;
        }

        if (_fields.Contains(name))
        {
            return VbsNameKind.Field;
        }

        if (_methods.Contains(name))
        {
            return VbsNameKind.Method;
        }

        if (_globals.Contains(name))
        {
            return VbsNameKind.Global;
        }

        if (_procedures.Contains(name))
        {
            return VbsNameKind.Procedure;
        }

        if (_classes.Contains(name))
        {
            return VbsNameKind.Class;
        }

        return VbsBuiltins.Functions.Contains(name) || VbsBuiltins.Constants.Contains(name) ? VbsNameKind.Builtin : VbsNameKind.Unknown;
    }

    public bool IsClass(string name) => _classes.Contains(name);

    /// <summary>Enters a procedure: its parameters, its declared and assigned names that are not global.</summary>
    public void EnterProcedure(VbsProcedure procedure)
    {
        Function = procedure.Kind is "function" or "property get" ? procedure.Name : null;
        _locals = [.. procedure.Parameters.Select(p => p.Name)];
        var declared = Declared(procedure.Body);
        foreach (var name in Assigned(procedure.Body))
        {
            if (name != Function && !_fields.Contains(name) && (!_globals.Contains(name) || declared.Contains(name)))
            {
                _locals.Add(name);
            }
        }
    }

    public void LeaveProcedure()
    {
        Function = null;
        _locals = [];
    }

    public void EnterClass(VbsClass type)
    {
        InClass = true;
        _fields = [.. type.Members.OfType<VbsDim>().SelectMany(d => d.Names).Select(n => n.Name)];
        _methods = [.. type.Members.OfType<VbsProcedure>().Select(p => p.Name)];
    }

    public void LeaveClass()
    {
        InClass = false;
        _fields = [];
        _methods = [];
    }

    /// <summary>The names a block declares with Dim or Const (those shadow a global of the same name).</summary>
    private static HashSet<string> Declared(IEnumerable<VbsStatement> body) =>
    [
        .. Walk(body).SelectMany(s => s switch
        {
            VbsDim dim => dim.Names.Select(n => n.Name),
            VbsConst constant => [constant.Name],
            _ => [],
        }),
    ];

    /// <summary>Every name a block declares or assigns (not looking into procedures and classes).</summary>
    private static IEnumerable<string> Assigned(IEnumerable<VbsStatement> body)
    {
        foreach (var statement in Walk(body))
        {
            switch (statement)
            {
                case VbsDim dim:
                    foreach (var name in dim.Names)
                    {
                        yield return name.Name;
                    }

                    break;
                case VbsReDim redim:
                    foreach (var name in redim.Names)
                    {
                        yield return name.Name;
                    }

                    break;
                case VbsConst constant:
                    yield return constant.Name;
                    break;
                case VbsAssign { Target: VbsName target }:
                    yield return target.Name;
                    break;
                case VbsFor loop:
                    yield return loop.Variable;
                    break;
                case VbsForEach each:
                    yield return each.Variable;
                    break;
            }
        }
    }

    /// <summary>The statements of a block and of the blocks nested in it, procedures and classes excepted.</summary>
    public static IEnumerable<VbsStatement> Walk(IEnumerable<VbsStatement> body)
    {
        var pending = new Stack<VbsStatement>(body.Reverse());
        while (pending.Count > 0)
        {
            var statement = pending.Pop();
            yield return statement;
            IEnumerable<VbsStatement> children = statement switch
            {
                VbsIf branch => branch.Branches.SelectMany(b => b.Body).Concat(branch.Else ?? []),
                VbsSelect select => select.Cases.SelectMany(c => c.Body).Concat(select.Else ?? []),
                VbsFor loop => loop.Body,
                VbsForEach each => each.Body,
                VbsLoop loop => loop.Body,
                VbsWith with => with.Body,
                _ => [],
            };
            foreach (var child in children.Reverse())
            {
                pending.Push(child);
            }
        }
    }
}
