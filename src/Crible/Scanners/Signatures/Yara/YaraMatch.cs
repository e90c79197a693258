namespace Crible.Scanners.Signatures.Yara;

/// <summary>A rule that matched a file.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Strings">Its strings that matched, in the rule's order, at most
/// <see cref="YaraRuleSet.MaxStringsPerMatch"/> (a condition without strings has none).</param>
/// <param name="MatchedStringCount">How many of its strings matched, also those left out of <paramref name="Strings"/>.</param>
public sealed record YaraMatch(YaraRule Rule, IReadOnlyList<YaraStringMatch> Strings, int MatchedStringCount);
