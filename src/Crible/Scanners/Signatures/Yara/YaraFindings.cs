using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Crible.Model;

namespace Crible.Scanners.Signatures.Yara;

/// <summary>Turns a YARA match into a finding a responder can read and check.</summary>
internal static partial class YaraFindings
{
    /// <summary>Matched strings shown as evidence.</summary>
    public const int EvidenceStrings = 10;

    /// <summary>signature-base's convention: a score below this is worth a look, not a verdict.</summary>
    private const int MaliciousScore = 60;

    public static Finding From(YaraMatch match, string scannerName, string ruleSetVersion)
    {
        var rule = match.Rule;
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in rule.Metas)
        {
            // Repeated fields (several hashes, several authors) are all kept: the author must reach the user.
            meta[key] = meta.TryGetValue(key, out var earlier) ? $"{earlier}, {value}" : value;
        }

        meta["namespace"] = rule.Namespace;
        if (rule.Tags.Count > 0)
        {
            meta["tags"] = string.Join(", ", rule.Tags);
        }

        meta["ruleset"] = ruleSetVersion;
        var description = rule.Meta("description");
        return new Finding(
            scannerName,
            rule.Identifier,
            SeverityOf(rule),
            string.IsNullOrWhiteSpace(description) ? rule.Identifier : description,
            Evidence(match),
            AttackOf(rule),
            meta);
    }

    /// <summary>
    /// A <c>severity</c> meta wins (<c>info</c>, <c>suspicious</c>, <c>malicious</c>; also <c>low</c>/<c>medium</c>
    /// as suspicious and <c>high</c>/<c>critical</c> as malicious); else signature-base's <c>score</c> (0-100) below
    /// 60 is suspicious; else a match is malicious.
    /// </summary>
    public static Severity SeverityOf(YaraRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        switch (rule.Meta("severity")?.Trim().ToLowerInvariant())
        {
            case "info" or "informational":
                return Severity.Info;
            case "suspicious" or "low" or "medium":
                return Severity.Suspicious;
            case "malicious" or "high" or "critical":
                return Severity.Malicious;
        }

        return int.TryParse(rule.Meta("score"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var score) && score < MaliciousScore
            ? Severity.Suspicious
            : Severity.Malicious;
    }

    /// <summary>ATT&amp;CK technique ids named in metas such as <c>mitre_attack</c>, <c>attack</c> or
    /// <c>technique</c>.</summary>
    public static IReadOnlyList<string>? AttackOf(YaraRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var ids = rule.Metas
            .Where(m => m.Key.Contains("attack", StringComparison.OrdinalIgnoreCase)
                || m.Key.Contains("mitre", StringComparison.OrdinalIgnoreCase)
                || m.Key.Contains("technique", StringComparison.OrdinalIgnoreCase))
            .SelectMany(m => TechniqueId().Matches(m.Value).Select(x => x.Value.ToUpperInvariant()))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return ids.Count > 0 ? ids : null;
    }

    /// <summary>One line per matched string: <c>$s1 at 0x1f2 (3 matches): "text\x00"</c>.</summary>
    public static string? Evidence(YaraMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (match.Strings.Count == 0)
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (var s in match.Strings.Take(EvidenceStrings))
        {
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append(CultureInfo.InvariantCulture, $"{s.Identifier} at 0x{s.Offset:x}");
            if (s.Count > 1)
            {
                builder.Append(CultureInfo.InvariantCulture, $" ({s.Count} matches)");
            }

            builder.Append(": ").Append(Printable(s.Data.Span, s.Length));
        }

        var more = match.MatchedStringCount - Math.Min(match.Strings.Count, EvidenceStrings);
        if (more > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\n(+{more} more strings)");
        }

        return builder.ToString();
    }

    /// <summary>Bytes as a quoted string, printable ASCII as is and the rest as <c>\xNN</c>; UTF-16LE text is shown
    /// as text with <c>wide</c> after it.</summary>
    public static string Printable(ReadOnlySpan<byte> data, int matchLength)
    {
        var wide = IsWideText(data);
        var builder = new StringBuilder(data.Length + 8).Append('"');
        for (var i = 0; i < data.Length; i += wide ? 2 : 1)
        {
            var b = data[i];
            if (b is >= 0x20 and < 0x7f and not (byte)'"' and not (byte)'\\')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
        }

        builder.Append('"');
        if (wide)
        {
            builder.Append(" wide");
        }

        if (matchLength > data.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $" (first {data.Length} of {matchLength} bytes)");
        }

        return builder.ToString();
    }

    private static bool IsWideText(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data.Length % 2 != 0)
        {
            return false;
        }

        for (var i = 0; i < data.Length; i += 2)
        {
            if (data[i + 1] != 0 || data[i] is < 0x20 or >= 0x7f)
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"\bT\d{4}(?:\.\d{3})?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TechniqueId();
}
