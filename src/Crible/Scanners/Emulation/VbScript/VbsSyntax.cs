namespace Crible.Scanners.Emulation.VbScript;

/// <summary>A VBScript expression as the parser read it.</summary>
internal abstract record VbsExpr;

/// <summary>A literal, already in its JavaScript form.</summary>
internal sealed record VbsLiteral(string Js) : VbsExpr;

/// <summary>A bare name: a variable, a procedure, a built-in function or a host object.</summary>
internal sealed record VbsName(string Name, string Original) : VbsExpr;

/// <summary><c>target.Name</c>; a null target is the object of the enclosing <c>With</c>.</summary>
internal sealed record VbsMember(VbsExpr? Target, string Name) : VbsExpr;

/// <summary><c>target(args)</c>: an array index, a call or a default member, decided by what the target is.</summary>
internal sealed record VbsIndex(VbsExpr Target, IReadOnlyList<VbsExpr?> Arguments) : VbsExpr;

internal sealed record VbsUnary(string Operator, VbsExpr Operand) : VbsExpr;

internal sealed record VbsBinary(string Operator, VbsExpr Left, VbsExpr Right) : VbsExpr;

/// <summary><c>New ClassName</c>.</summary>
internal sealed record VbsNew(string ClassName) : VbsExpr;

/// <summary>A VBScript statement as the parser read it, with its source line.</summary>
internal abstract record VbsStatement(int Line);

/// <summary>One name of a <c>Dim</c>, with its bounds when it declares an array (empty bounds: <c>Dim a()</c>).</summary>
internal sealed record VbsDeclaration(string Name, IReadOnlyList<VbsExpr>? Bounds);

internal sealed record VbsDim(int Line, IReadOnlyList<VbsDeclaration> Names) : VbsStatement(Line);

internal sealed record VbsReDim(int Line, bool Preserve, IReadOnlyList<VbsDeclaration> Names) : VbsStatement(Line);

internal sealed record VbsConst(int Line, string Name, VbsExpr Value) : VbsStatement(Line);

internal sealed record VbsErase(int Line, string Name) : VbsStatement(Line);

internal sealed record VbsAssign(int Line, VbsExpr Target, VbsExpr Value) : VbsStatement(Line);

/// <summary>A call statement: <c>foo a, b</c>, <c>obj.Method a</c>, <c>Call foo(a)</c>.</summary>
internal sealed record VbsCall(int Line, VbsExpr Target, IReadOnlyList<VbsExpr?> Arguments) : VbsStatement(Line);

internal sealed record VbsIf(int Line, IReadOnlyList<(VbsExpr Condition, IReadOnlyList<VbsStatement> Body)> Branches, IReadOnlyList<VbsStatement>? Else) : VbsStatement(Line);

/// <summary>One <c>Case</c> test: a value, a range (<c>1 To 5</c>) or a comparison (<c>Is &gt; 3</c>).</summary>
internal sealed record VbsCaseTest(VbsExpr Value, VbsExpr? UpTo, string? Comparison);

internal sealed record VbsSelect(int Line, VbsExpr Subject, IReadOnlyList<(IReadOnlyList<VbsCaseTest> Tests, IReadOnlyList<VbsStatement> Body)> Cases, IReadOnlyList<VbsStatement>? Else) : VbsStatement(Line);

internal sealed record VbsFor(int Line, string Variable, VbsExpr From, VbsExpr To, VbsExpr? Step, IReadOnlyList<VbsStatement> Body) : VbsStatement(Line);

internal sealed record VbsForEach(int Line, string Variable, VbsExpr Collection, IReadOnlyList<VbsStatement> Body) : VbsStatement(Line);

/// <summary><c>Do [While|Until c] ... Loop [While|Until c]</c> and <c>While c ... Wend</c>: the test, before or
/// after the body, and whether it is an Until.</summary>
internal sealed record VbsLoop(int Line, VbsExpr? Condition, bool Until, bool TestAfter, IReadOnlyList<VbsStatement> Body) : VbsStatement(Line);

internal sealed record VbsWith(int Line, VbsExpr Subject, IReadOnlyList<VbsStatement> Body) : VbsStatement(Line);

/// <summary><c>Exit Sub</c>, <c>Exit Function</c>, <c>Exit Property</c>, <c>Exit For</c>, <c>Exit Do</c>.</summary>
internal sealed record VbsExit(int Line, string What) : VbsStatement(Line);

internal sealed record VbsOnError(int Line, bool ResumeNext) : VbsStatement(Line);

internal sealed record VbsParameter(string Name, bool ByVal);

/// <summary>A <c>Sub</c>, <c>Function</c> or <c>Property Get/Let/Set</c>.</summary>
internal sealed record VbsProcedure(int Line, string Kind, string Name, IReadOnlyList<VbsParameter> Parameters, IReadOnlyList<VbsStatement> Body) : VbsStatement(Line);

internal sealed record VbsClass(int Line, string Name, IReadOnlyList<VbsStatement> Members) : VbsStatement(Line);
