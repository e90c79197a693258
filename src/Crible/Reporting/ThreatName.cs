using Crible.Model;

namespace Crible.Reporting;

/// <summary>One short name for what made a report malicious, for protocols that carry a single threat name
/// (JCOP's error, ICAP's X-Infection-Found, clamd's FOUND line).</summary>
public static class ThreatName
{
    /// <summary>The first malicious finding as <c>engine.name</c>, or null when the report is not malicious.</summary>
    public static string? Of(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var finding = report.AllFindings.Select(f => f.Finding).FirstOrDefault(f => f.Severity == Severity.Malicious);
        if (finding is null)
        {
            return null;
        }

        // A hash list's id is a digest: its description names the threat better.
        var name = finding.Id.Length is 32 or 40 or 64 && finding.Id.All(char.IsAsciiHexDigit) && finding.Meta.TryGetValue("description", out var description)
            ? description
            : finding.Id;
        return $"{finding.Scanner}.{new string([.. name.Select(c => char.IsControl(c) || c == ';' ? ' ' : c)])}";
    }
}
