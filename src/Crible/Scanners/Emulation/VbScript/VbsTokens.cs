namespace Crible.Scanners.Emulation.VbScript;

/// <summary>A cursor over the tokens of one script that cannot run past its end, with a nesting depth bound.</summary>
internal sealed class VbsTokens(List<VbsToken> tokens, int maxDepth)
{
    private int _position;
    private int _depth;

    public VbsToken Current => tokens[_position];

    public VbsToken Peek(int ahead = 1) => tokens[Math.Min(_position + ahead, tokens.Count - 1)];

    public VbsToken Next()
    {
        var token = tokens[_position];
        if (_position < tokens.Count - 1)
        {
            _position++;
        }

        return token;
    }

    public bool Accept(string text)
    {
        if (!Current.Is(text))
        {
            return false;
        }

        Next();
        return true;
    }

    public void Expect(string text)
    {
        if (!Accept(text))
        {
            throw Error($"expected '{text}' but found {Describe(Current)}");
        }
    }

    public string ExpectName()
    {
        if (Current.Kind != VbsTokenKind.Identifier)
        {
            throw Error($"expected a name but found {Describe(Current)}");
        }

        return Next().Text;
    }

    public void SkipEnds()
    {
        while (Current.Kind == VbsTokenKind.EndOfStatement)
        {
            Next();
        }
    }

    /// <summary>The statement must end here (a line end, a colon, or the end of the script).</summary>
    public void ExpectEnd()
    {
        if (!Current.IsEnd)
        {
            throw Error($"expected the end of the statement but found {Describe(Current)}");
        }
    }

    public void SkipToEndOfStatement()
    {
        while (!Current.IsEnd)
        {
            Next();
        }
    }

    /// <summary>Enters one level of nesting; the returned scope leaves it. Past the bound the script is refused.</summary>
    public DepthScope Deeper()
    {
        VbsTranslator.EnsureStack();
        if (++_depth > maxDepth)
        {
            throw Error($"nesting deeper than {maxDepth} levels");
        }

        return new DepthScope(this);
    }

    public VbsSyntaxException Error(string message) => new(Current.Line, message);

    public static string Describe(VbsToken token) => token.Kind switch
    {
        VbsTokenKind.EndOfFile => "the end of the script",
        VbsTokenKind.EndOfStatement => "the end of the line",
        VbsTokenKind.String => "a string",
        _ => $"'{(token.Original.Length > 30 ? token.Original[..30] : token.Original)}'",
    };

    internal readonly struct DepthScope(VbsTokens owner) : IDisposable
    {
        public void Dispose() => owner._depth--;
    }
}
