namespace Crible.Scanners.Emulation.VbScript;

/// <summary>
/// Reads the statements of a VBScript program: declarations, assignments, calls with and without parentheses,
/// procedures, classes, and the block and single-line forms of <c>If</c>, loops, <c>Select Case</c> and <c>With</c>.
/// Bounded by the token cursor's nesting depth; any error names its line.
/// </summary>
internal sealed class VbsParser
{
    private readonly VbsTokens _tokens;
    private readonly VbsExpressionParser _expressions;

    private VbsParser(VbsTokens tokens)
    {
        _tokens = tokens;
        _expressions = new VbsExpressionParser(tokens);
    }

    public static List<VbsStatement> ParseProgram(List<VbsToken> tokens, int maxDepth)
    {
        var parser = new VbsParser(new VbsTokens(tokens, maxDepth));
        var body = parser.Block(_ => false);
        if (parser._tokens.Current.Kind != VbsTokenKind.EndOfFile)
        {
            throw parser._tokens.Error($"unexpected {VbsTokens.Describe(parser._tokens.Current)}");
        }

        return body;
    }

    /// <summary>Statements up to (not including) the first one <paramref name="ends"/> recognises, or the end.</summary>
    private List<VbsStatement> Block(Func<VbsTokens, bool> ends)
    {
        using var scope = _tokens.Deeper();
        var body = new List<VbsStatement>();
        while (true)
        {
            _tokens.SkipEnds();
            if (_tokens.Current.Kind == VbsTokenKind.EndOfFile || ends(_tokens))
            {
                return body;
            }

            var statement = Statement();
            if (statement is not null)
            {
                body.Add(statement);
            }

            if (!_tokens.Current.IsEnd && !_tokens.Current.Is("else"))
            {
                throw _tokens.Error($"expected the end of the statement but found {VbsTokens.Describe(_tokens.Current)}");
            }
        }
    }

    private static Func<VbsTokens, bool> EndOf(string what) => t => t.Current.Is("end") && t.Peek().Is(what);

    private void ExpectEndOf(string what)
    {
        _tokens.Expect("end");
        _tokens.Expect(what);
    }

    private VbsStatement? Statement()
    {
        var token = _tokens.Current;
        var line = token.Line;
        if (token.Kind != VbsTokenKind.Identifier)
        {
            if (token.Is("."))
            {
                return Simple(line);
            }

            throw _tokens.Error($"a statement cannot start with {VbsTokens.Describe(token)}");
        }

        switch (token.Text)
        {
            case "public" or "private":
                _tokens.Next();
                _tokens.Accept("default");
                return _tokens.Current.Text is "sub" or "function" or "property" or "const" or "class" ? Statement() : Dim(line);
            case "dim":
                _tokens.Next();
                return Dim(line);
            case "redim":
                _tokens.Next();
                var preserve = _tokens.Accept("preserve");
                return new VbsReDim(line, preserve, Declarations());
            case "const":
                return Const(line);
            case "erase":
                _tokens.Next();
                return new VbsErase(line, _tokens.ExpectName());
            case "set" or "let":
                _tokens.Next();
                return Simple(line);
            case "call":
                _tokens.Next();
                var target = _expressions.Postfix(_expressions.Primary(), false);
                return target is VbsIndex index ? new VbsCall(line, index.Target, index.Arguments) : new VbsCall(line, target, []);
            case "if":
                return If(line);
            case "select":
                return Select(line);
            case "for":
                return For(line);
            case "do":
                return Do(line);
            case "while":
                _tokens.Next();
                var condition = _expressions.Parse();
                _tokens.ExpectEnd();
                var body = Block(t => t.Current.Is("wend"));
                _tokens.Expect("wend");
                return new VbsLoop(line, condition, false, false, body);
            case "with":
                _tokens.Next();
                var subject = _expressions.Parse();
                _tokens.ExpectEnd();
                var withBody = Block(EndOf("with"));
                ExpectEndOf("with");
                return new VbsWith(line, subject, withBody);
            case "exit":
                _tokens.Next();
                return new VbsExit(line, _tokens.ExpectName());
            case "on":
                return OnError(line);
            case "sub" or "function":
                return Procedure(line, _tokens.Next().Text);
            case "property":
                _tokens.Next();
                var accessor = _tokens.ExpectName();
                return Procedure(line, "property " + accessor);
            case "class":
                return Class(line);
            case "option" or "stop" or "resume":
                _tokens.SkipToEndOfStatement();
                return null;
            default:
                return Simple(line);
        }
    }

    private VbsDim Dim(int line) => new(line, Declarations());

    private List<VbsDeclaration> Declarations()
    {
        var names = new List<VbsDeclaration>();
        do
        {
            var name = _tokens.ExpectName();
            List<VbsExpr>? bounds = null;
            if (_tokens.Accept("("))
            {
                bounds = [.. _expressions.Arguments(")").Select(a => a ?? throw _tokens.Error("an empty array bound"))];
                _tokens.Expect(")");
            }

            if (_tokens.Accept("as"))
            {
                _tokens.ExpectName();
            }

            names.Add(new VbsDeclaration(name, bounds));
        }
        while (_tokens.Accept(","));
        return names;
    }

    private VbsStatement Const(int line)
    {
        _tokens.Next();
        var first = (VbsStatement?)null;
        var more = new List<VbsStatement>();
        do
        {
            var name = _tokens.ExpectName();
            _tokens.Expect("=");
            var constant = new VbsConst(line, name, _expressions.Parse());
            if (first is null)
            {
                first = constant;
            }
            else
            {
                more.Add(constant);
            }
        }
        while (_tokens.Accept(","));
        return more.Count == 0 ? first! : new VbsIf(line, [(new VbsLiteral("true"), [first!, .. more])], null);
    }

    /// <summary>An assignment or a call statement: <c>x = 1</c>, <c>a(i) = 2</c>, <c>obj.Prop = 3</c>,
    /// <c>foo a, b</c>, <c>obj.Method (a)</c>, <c>obj.Method</c>.</summary>
    private VbsStatement Simple(int line)
    {
        var target = _expressions.Postfix(_expressions.Primary(), stopAtSpacedParenthesis: true);
        if (_tokens.Accept("="))
        {
            return new VbsAssign(line, target, _expressions.Parse());
        }

        if (_tokens.Current.IsEnd || _tokens.Current.Is("else"))
        {
            return target is VbsIndex index ? new VbsCall(line, index.Target, index.Arguments) : new VbsCall(line, target, []);
        }

        if (target is VbsIndex { Target: var inner } chained && _tokens.Current.Is(","))
        {
            _tokens.Next();
            return new VbsCall(line, inner, [.. chained.Arguments, .. _expressions.Arguments(null)]);
        }

        return new VbsCall(line, target, _expressions.Arguments(null));
    }

    private VbsIf If(int line)
    {
        _tokens.Next();
        var condition = _expressions.Parse();
        _tokens.Expect("then");
        if (_tokens.Current.Kind != VbsTokenKind.EndOfStatement || _tokens.Current.Text == ":")
        {
            return SingleLineIf(line, condition);
        }

        var branches = new List<(VbsExpr, IReadOnlyList<VbsStatement>)>();
        List<VbsStatement>? otherwise = null;
        var body = Block(t => t.Current.Is("elseif") || t.Current.Is("else") || (t.Current.Is("end") && t.Peek().Is("if")));
        branches.Add((condition, body));
        while (_tokens.Accept("elseif"))
        {
            var next = _expressions.Parse();
            _tokens.Expect("then");
            branches.Add((next, Block(t => t.Current.Is("elseif") || t.Current.Is("else") || (t.Current.Is("end") && t.Peek().Is("if")))));
        }

        if (_tokens.Accept("else"))
        {
            otherwise = Block(EndOf("if"));
        }

        ExpectEndOf("if");
        return new VbsIf(line, branches, otherwise);
    }

    /// <summary><c>If c Then a : b Else d</c>, all on one line.</summary>
    private VbsIf SingleLineIf(int line, VbsExpr condition)
    {
        var then = InlineStatements();
        List<VbsStatement>? otherwise = null;
        if (_tokens.Accept("else"))
        {
            otherwise = InlineStatements();
        }

        if (_tokens.Current.Is("end") && _tokens.Peek().Is("if"))
        {
            ExpectEndOf("if");
        }

        return new VbsIf(line, [(condition, then)], otherwise);
    }

    private List<VbsStatement> InlineStatements()
    {
        using var scope = _tokens.Deeper();
        var body = new List<VbsStatement>();
        while (true)
        {
            while (_tokens.Current.Kind == VbsTokenKind.EndOfStatement && _tokens.Current.Text == ":")
            {
                _tokens.Next();
            }

            if (_tokens.Current.IsEnd || _tokens.Current.Is("else") || (_tokens.Current.Is("end") && _tokens.Peek().Is("if")))
            {
                return body;
            }

            var statement = Statement();
            if (statement is not null)
            {
                body.Add(statement);
            }
        }
    }

    private VbsSelect Select(int line)
    {
        _tokens.Next();
        _tokens.Expect("case");
        var subject = _expressions.Parse();
        _tokens.ExpectEnd();
        var cases = new List<(IReadOnlyList<VbsCaseTest>, IReadOnlyList<VbsStatement>)>();
        List<VbsStatement>? otherwise = null;
        _tokens.SkipEnds();
        Func<VbsTokens, bool> caseEnd = t => t.Current.Is("case") || (t.Current.Is("end") && t.Peek().Is("select"));
        while (_tokens.Accept("case"))
        {
            if (_tokens.Accept("else"))
            {
                _tokens.ExpectEnd();
                otherwise = Block(caseEnd);
                continue;
            }

            var tests = new List<VbsCaseTest>();
            do
            {
                if (_tokens.Accept("is"))
                {
                    var op = _tokens.Next().Text;
                    tests.Add(new VbsCaseTest(_expressions.Parse(), null, op));
                    continue;
                }

                var value = _expressions.Parse();
                tests.Add(_tokens.Accept("to") ? new VbsCaseTest(value, _expressions.Parse(), null) : new VbsCaseTest(value, null, null));
            }
            while (_tokens.Accept(","));
            _tokens.ExpectEnd();
            cases.Add((tests, Block(caseEnd)));
        }

        ExpectEndOf("select");
        return new VbsSelect(line, subject, cases, otherwise);
    }

    private VbsStatement For(int line)
    {
        _tokens.Next();
        if (_tokens.Accept("each"))
        {
            var item = _tokens.ExpectName();
            _tokens.Expect("in");
            var collection = _expressions.Parse();
            _tokens.ExpectEnd();
            var eachBody = Block(t => t.Current.Is("next"));
            NextStatement();
            return new VbsForEach(line, item, collection, eachBody);
        }

        var variable = _tokens.ExpectName();
        _tokens.Expect("=");
        var from = _expressions.Parse();
        _tokens.Expect("to");
        var to = _expressions.Parse();
        var step = _tokens.Accept("step") ? _expressions.Parse() : null;
        _tokens.ExpectEnd();
        var body = Block(t => t.Current.Is("next"));
        NextStatement();
        return new VbsFor(line, variable, from, to, step, body);
    }

    private void NextStatement()
    {
        _tokens.Expect("next");
        if (_tokens.Current.Kind == VbsTokenKind.Identifier)
        {
            _tokens.Next();
        }
    }

    private VbsLoop Do(int line)
    {
        _tokens.Next();
        VbsExpr? condition = null;
        var until = false;
        var after = false;
        if (_tokens.Current.Is("while") || _tokens.Current.Is("until"))
        {
            until = _tokens.Next().Text == "until";
            condition = _expressions.Parse();
        }

        _tokens.ExpectEnd();
        var body = Block(t => t.Current.Is("loop"));
        _tokens.Expect("loop");
        if (condition is null && (_tokens.Current.Is("while") || _tokens.Current.Is("until")))
        {
            until = _tokens.Next().Text == "until";
            condition = _expressions.Parse();
            after = true;
        }

        return new VbsLoop(line, condition, until, after, body);
    }

    private VbsOnError OnError(int line)
    {
        _tokens.Next();
        _tokens.Expect("error");
        if (_tokens.Accept("resume"))
        {
            _tokens.Expect("next");
            return new VbsOnError(line, true);
        }

        _tokens.Expect("goto");
        _tokens.Next();
        return new VbsOnError(line, false);
    }

    private VbsProcedure Procedure(int line, string kind)
    {
        var name = _tokens.ExpectName();
        var parameters = new List<VbsParameter>();
        if (_tokens.Accept("("))
        {
            while (!_tokens.Current.Is(")"))
            {
                var byVal = _tokens.Accept("byval");
                _tokens.Accept("byref");
                parameters.Add(new VbsParameter(_tokens.ExpectName(), byVal));
                if (_tokens.Accept("("))
                {
                    _tokens.Expect(")");
                }

                if (!_tokens.Accept(","))
                {
                    break;
                }
            }

            _tokens.Expect(")");
        }

        _tokens.ExpectEnd();
        var closing = kind.StartsWith("property", StringComparison.Ordinal) ? "property" : kind;
        var body = Block(EndOf(closing));
        ExpectEndOf(closing);
        return new VbsProcedure(line, kind, name, parameters, body);
    }

    private VbsClass Class(int line)
    {
        _tokens.Next();
        var name = _tokens.ExpectName();
        _tokens.ExpectEnd();
        var members = Block(EndOf("class"));
        ExpectEndOf("class");
        return new VbsClass(line, name, members);
    }
}
