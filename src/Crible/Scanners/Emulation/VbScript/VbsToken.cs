namespace Crible.Scanners.Emulation.VbScript;

/// <summary>What a VBScript token is. Keywords are identifiers here: the parser reads them by their lower-case text.</summary>
internal enum VbsTokenKind
{
    Identifier,
    Number,
    String,
    Date,
    Operator,
    EndOfStatement,
    EndOfFile,
}

/// <summary>One token: its kind, its text (lower case for identifiers, the decoded value for strings), the source
/// line, and whether white space came before it (<c>foo (a)</c> and <c>foo(a)</c> differ in a call statement).</summary>
internal readonly record struct VbsToken(VbsTokenKind Kind, string Text, int Line, bool SpaceBefore, string Original)
{
    public bool Is(string text) => Kind is VbsTokenKind.Identifier or VbsTokenKind.Operator && Text == text;

    public bool IsEnd => Kind is VbsTokenKind.EndOfStatement or VbsTokenKind.EndOfFile;
}

/// <summary>A script the translator cannot read; the message names the line.</summary>
internal sealed class VbsSyntaxException(int line, string message) : Exception($"line {line}: {message}")
{
    public int Line { get; } = line;
}
