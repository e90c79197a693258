using System.Globalization;
using System.Text.RegularExpressions;

namespace Crible.Scanners.Scripts;

/// <summary>
/// How much a script hides what it does, measured rather than guessed: character-code calls, string fragments glued
/// together, escape sequences, PowerShell tick and format tricks, batch substrings and carets, long unbroken
/// literals, character entropy. Each measure counts only past a threshold that ordinary (and minified) code stays
/// under; <see cref="Score"/> is the number of strong signs.
/// </summary>
internal sealed record ObfuscationMeasures(
    double Entropy,
    int CharCodes,
    int Fragments,
    int Escapes,
    int TickedWords,
    int FormatReorders,
    int BatchSubstrings,
    int Carets,
    int LongestLiteral)
{
    private const int MaxCount = 100_000;
    private static readonly Regex CharCodePattern = TextPatterns.Create(@"String\.fromCharCode\s*\(|\bChrW?\$?\s*\(\s*[\d&(]|\[char\]\s*\(?\s*0?x?[\da-f]|\bchr\s*\(\s*\d");
    private static readonly Regex FragmentPattern = TextPatterns.Create(@"[""']\s*(\+|&)\s*[""']|[""']\s*\+\s*\w{1,12}\s*\+\s*[""']");
    private static readonly Regex EscapePattern = TextPatterns.Create(@"\\x[\da-f]{2}|\\u[\da-f]{4}|%u[\da-f]{4}|\\[0-7]{3}");
    private static readonly Regex TickPattern = TextPatterns.Create(@"\w`\w");
    private static readonly Regex FormatPattern = TextPatterns.Create(@"[""'](\{\d{1,3}\}){2,}[^""']*[""']\s*-f\b");
    private static readonly Regex SubstringPattern = TextPatterns.Create(@"%\w{1,32}:~-?\d{1,4}(,-?\d{1,4})?%");
    private static readonly Regex CaretPattern = TextPatterns.Create(@"\w\^\w");
    private static readonly Regex LongLiteralPattern = TextPatterns.Create(@"[""'][^""'\s]{1000,}[""']");

    public static ObfuscationMeasures Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var longest = 0;
        foreach (Match match in LongLiteralPattern.Matches(text))
        {
            longest = Math.Max(longest, match.Length - 2);
        }

        return new ObfuscationMeasures(
            CharacterEntropy(text),
            Count(CharCodePattern, text),
            Count(FragmentPattern, text),
            Count(EscapePattern, text),
            Count(TickPattern, text),
            Count(FormatPattern, text),
            Count(SubstringPattern, text),
            Count(CaretPattern, text),
            longest);
    }

    /// <summary>The number of strong signs of obfuscation.</summary>
    public int Score =>
        (CharCodes >= 20 ? 2 : 0) + (Fragments >= 40 ? 2 : 0) + (Escapes >= 200 ? 1 : 0) + (TickedWords >= 8 ? 2 : 0)
        + (FormatReorders >= 3 ? 2 : 0) + (BatchSubstrings >= 10 ? 2 : 0) + (Carets >= 20 ? 2 : 0) + (LongestLiteral >= 2000 ? 1 : 0)
        + (Entropy >= 5.6 ? 1 : 0);

    /// <summary>The measures past their thresholds, for the evidence.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        Add(parts, CharCodes >= 20, $"{CharCodes} character-code calls");
        Add(parts, Fragments >= 40, $"{Fragments} string fragments joined");
        Add(parts, Escapes >= 200, $"{Escapes} escape sequences");
        Add(parts, TickedWords >= 8, $"{TickedWords} words broken with backticks");
        Add(parts, FormatReorders >= 3, $"{FormatReorders} strings reordered with -f");
        Add(parts, BatchSubstrings >= 10, $"{BatchSubstrings} variable substrings");
        Add(parts, Carets >= 20, $"{Carets} caret-escaped letters");
        Add(parts, LongestLiteral >= 2000, $"a {LongestLiteral}-character unbroken literal");
        Add(parts, Entropy >= 5.6, string.Create(CultureInfo.InvariantCulture, $"character entropy {Entropy:0.00} bits"));
        return string.Join(", ", parts);
    }

    private static void Add(List<string> parts, bool condition, string text)
    {
        if (condition)
        {
            parts.Add(text);
        }
    }

    private static int Count(Regex pattern, string text)
    {
        var count = 0;
        for (var match = pattern.Match(text); match.Success && count < MaxCount; match = match.NextMatch())
        {
            count++;
        }

        return count;
    }

    /// <summary>Shannon entropy of the characters, in bits; 0 for texts too short to say anything.</summary>
    private static double CharacterEntropy(string text)
    {
        if (text.Length < 1024)
        {
            return 0;
        }

        var counts = new int[256];
        foreach (var c in text)
        {
            counts[c & 0xFF]++;
        }

        var entropy = 0.0;
        foreach (var count in counts.Where(c => c > 0))
        {
            var p = (double)count / text.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }
}
