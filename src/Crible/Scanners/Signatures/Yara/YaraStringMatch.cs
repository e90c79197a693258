namespace Crible.Scanners.Signatures.Yara;

/// <summary>One string of a matching rule and where it first matched.</summary>
/// <param name="Identifier">The string's name (<c>$s1</c>).</param>
/// <param name="Offset">Offset of its first match in the file.</param>
/// <param name="Length">Length of that match.</param>
/// <param name="Data">The start of the matched bytes (at most <see cref="YaraRuleSet.MaxMatchData"/>).</param>
/// <param name="Count">How many times it matched.</param>
public sealed record YaraStringMatch(string Identifier, long Offset, int Length, ReadOnlyMemory<byte> Data, int Count);
