using System.Text.RegularExpressions;
using Crible.Model;

namespace Crible.Scanners.Scripts;

/// <summary>What a trait of a script does, so combinations (download, then run) can be judged together.</summary>
internal enum TraitCategory
{
    Download,
    Execute,
    DynamicCode,
    Evasion,
    WriteFile,
    Persistence,
    Decode,
    Cradle,
    ReverseShell,
    Tampering,
}

/// <summary>One static trait: a pattern in one or more dialects, what it means and how much it weighs alone.</summary>
/// <param name="AlsoRequires">A second pattern that must be present anywhere in the script (an object and its method).</param>
internal sealed record ScriptRule(
    string Id,
    TraitCategory Category,
    Severity Severity,
    string Title,
    Regex Pattern,
    IReadOnlyList<ScriptDialect> Dialects,
    IReadOnlyList<string> Attack,
    Regex? AlsoRequires = null)
{
    public static Regex Compile(string pattern) => TextPatterns.Create(pattern, RegexOptions.Multiline);
}
