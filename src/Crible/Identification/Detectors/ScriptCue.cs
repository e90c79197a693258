using System.Text.RegularExpressions;

namespace Crible.Identification.Detectors;

/// <summary>One sign of a script language and how much it counts. Patterns use multiline anchors and the
/// non-backtracking engine, so matching time stays linear in the text whatever a hostile script contains.</summary>
/// <param name="Pattern">What to look for.</param>
/// <param name="Weight">Points per occurrence.</param>
internal sealed record ScriptCue(Regex Pattern, int Weight)
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>A cue; case-insensitive unless the language itself is case-sensitive about it.</summary>
    public static ScriptCue Of(string pattern, int weight, bool ignoreCase = true) => new(
        new Regex(pattern, RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None), MatchTimeout),
        weight);
}
