using System.Text.RegularExpressions;

namespace Crible.Scanners;

/// <summary>
/// Regular expressions over hostile text: compiled (scripts of a megabyte are common), case-insensitive, culture
/// invariant, and stopped by a timeout. The patterns are written without nested unbounded quantifiers, so the
/// timeout is a guard, not a budget; a scanner that meets it says so. (The non-backtracking engine was measured
/// 20 to 50 times slower on these patterns, whose bounded repetitions it expands into large automata.)
/// </summary>
internal static class TextPatterns
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static Regex Create(string pattern, RegexOptions extra = RegexOptions.None) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled | extra, Timeout);
}
