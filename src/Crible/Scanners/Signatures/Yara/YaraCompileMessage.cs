namespace Crible.Scanners.Signatures.Yara;

/// <summary>An error or warning of the YARA compiler about one rule file.</summary>
/// <param name="File">The file it is about: the rule file's path (or an included file's), or the name of a source
/// given as text.</param>
/// <param name="Line">1-based line, 0 when the problem is not on a line (an unreadable file).</param>
/// <param name="Message">libyara's message.</param>
public sealed record YaraCompileMessage(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
