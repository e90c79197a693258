using System.Globalization;
using Crible.Model;

namespace Crible.Reporting;

/// <summary>
/// Proposes what to do about a report that is not clean, from what the report holds: the threats and where they
/// are, the ATT&amp;CK techniques (opened documents, downloads, persistence, credential theft call for different
/// checks), the network indicators to block and hunt, and for an unanalysable file why it could not be seen.
/// A pure function of the report, so a verdict changed later (a safelist entry) changes the procedure with it.
/// </summary>
public static class SecurityProcedures
{
    private const int MaxListed = 10;

    private static readonly (string Prefix, string Name)[] Persistence =
    [
        ("T1547", "autostart entries (Run keys, startup folders)"), ("T1053", "scheduled tasks and cron jobs"),
        ("T1543", "new services or systemd units"), ("T1546", "event-triggered execution (shell profiles, WMI subscriptions)"),
        ("T1098", "added SSH keys or account changes"), ("T1574", "hijacked libraries (ld.so.preload, DLL search order)"),
        ("T1137", "Office startup items (templates, add-ins)"),
    ];

    /// <summary>The procedure for <paramref name="report"/>, or null when it is clean.</summary>
    public static SecurityProcedure? For(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Verdict switch
        {
            Verdict.Malicious => ForMalicious(report),
            Verdict.Unanalysable => ForUnanalysable(report),
            _ => null,
        };
    }

    private static SecurityProcedure ForMalicious(Report report)
    {
        var threats = report.AllFindings.Where(f => f.Finding.Severity == Severity.Malicious).ToList();
        var names = threats.Select(t => t.Finding.Title).Distinct(StringComparer.Ordinal).Take(3).ToList();
        var parts = threats.Select(t => t.Node).Where(n => n.Parent is not null).DistinctBy(n => n.Sha256).Take(MaxListed).ToList();
        var attack = report.Attack.Count > 0 ? report.Attack : [.. threats.SelectMany(t => t.Finding.Attack).Distinct(StringComparer.Ordinal)];
        var network = report.Iocs.Where(i => i.Kind is IndicatorKind.Url or IndicatorKind.Domain or IndicatorKind.Ip).Take(MaxListed).ToList();
        var steps = new List<ProcedureStep>
        {
            new(ProcedureAudience.Platform, "Do not deliver the file: keep it blocked or in quarantine as the platform's policy says (Crible gives the verdict, it blocks nothing itself)."),
            new(ProcedureAudience.Platform, $"Look for other copies on the platform and in mailboxes: SHA-256 {report.File.Sha256}{PartsText(parts)}."),
        };
        if (network.Count > 0)
        {
            steps.Add(new(ProcedureAudience.Platform, $"Block these addresses at the proxy, DNS and firewall, and look for them in their logs: {string.Join(", ", network.Select(Defanging.Defang))}."));
        }

        steps.Add(new(ProcedureAudience.People, "Do not open the file and do not forward it. If you knew the sender, tell them through another channel (their account or device may be compromised)."));
        steps.Add(new(ProcedureAudience.People, "If the file was already opened: disconnect the device from the network (cable and Wi-Fi) without turning it off, and call the security team at once."));
        if (Has(attack, "T1137") || Has(attack, "T1059.005") || Has(attack, "T1221") || Has(attack, "T1559"))
        {
            steps.Add(new(ProcedureAudience.People, "If the document was opened, say whether you clicked \"Enable editing\" or \"Enable content\": that is when its macros or links ran."));
        }

        if (Has(attack, "T1056") || Has(attack, "T1566") || Has(attack, "T1598") || report.AllFindings.Any(t => t.Finding.Severity > Severity.Info && (t.Finding.Id.Contains("phishing", StringComparison.OrdinalIgnoreCase) || t.Finding.Scanner.Contains("phishing", StringComparison.OrdinalIgnoreCase))))
        {
            steps.Add(new(ProcedureAudience.People, "If you typed a password or a code into what this file showed, change that password now from another device and tell the security team."));
        }

        steps.Add(new(ProcedureAudience.SecurityTeam, $"Find who received, downloaded or opened the file (platform logs for SHA-256 {report.File.Sha256}) and check those devices first."));
        if (Has(attack, "T1105") && network.Count > 0)
        {
            steps.Add(new(ProcedureAudience.SecurityTeam, "In the proxy logs, look for downloads from the addresses above by the devices that opened the file: a second stage may have been fetched."));
        }

        var persistence = Persistence.Where(p => Has(attack, p.Prefix)).Select(p => p.Name).ToList();
        if (persistence.Count > 0)
        {
            steps.Add(new(ProcedureAudience.SecurityTeam, $"On those devices, look for persistence the file sets up: {string.Join("; ", persistence)}."));
        }

        steps.Add(new(ProcedureAudience.SecurityTeam, "Keep this report (and the sample, if the retention policy allows it) for the investigation, and declare the incident as the organisation's procedure says."));
        var where = parts.Count > 0 ? $" in {parts[0].Path}" + (parts.Count > 1 ? $" and {parts.Count - 1} other part(s)" : string.Empty) : string.Empty;
        var summary = $"{report.File.Name} is malicious: {string.Join("; ", names)}{where}. Detected by {string.Join(", ", report.DetectingEngines)}"
            + (attack.Count > 0 ? $"; techniques {string.Join(", ", attack.Take(MaxListed))}." : ".");
        return new SecurityProcedure("high", summary, steps);
    }

    private static SecurityProcedure ForUnanalysable(Report report)
    {
        var reasons = report.Nodes.SelectMany(n => n.Incomplete).Concat(report.LimitsHit.Select(l => $"{l.Limit}: {l.Detail}")).Distinct(StringComparer.Ordinal).ToList();
        var steps = new List<ProcedureStep>
        {
            new(ProcedureAudience.Platform, "Treat the file as not verified: hold it, or deliver it with a warning, as the platform's policy says for files that could not be fully analysed."),
        };
        if (reasons.Any(r => r.StartsWith("encrypted", StringComparison.Ordinal)))
        {
            steps.Add(new(ProcedureAudience.People, "The file is encrypted. Ask the sender for the password through another channel (not in the same message), then submit it again with that password."));
        }

        if (report.LimitsHit.Count > 0)
        {
            steps.Add(new(ProcedureAudience.Platform, "A safety limit was hit (size, depth, file count, expansion or time): ask for a smaller or less nested file, or have the security team analyse it by hand."));
        }

        steps.Add(new(ProcedureAudience.People, "Open the file only if you expected it from a sender you know, and report it to the security team if anything about it is unusual."));
        steps.Add(new(ProcedureAudience.SecurityTeam, "If the file matters, analyse it by hand in an isolated environment; the reasons below say what Crible could not see."));
        var summary = string.Create(CultureInfo.InvariantCulture, $"{report.File.Name} could not be fully analysed, so it is not known to be clean: {string.Join("; ", reasons.Take(3))}{(reasons.Count > 3 ? $" (and {reasons.Count - 3} more)" : string.Empty)}.");
        return new SecurityProcedure("medium", summary, steps);
    }

    private static string PartsText(List<ReportNode> parts) =>
        parts.Count == 0 ? string.Empty : "; the malicious part(s): " + string.Join(", ", parts.Select(p => $"{p.Name} ({p.Sha256})"));

    private static bool Has(IReadOnlyList<string> attack, string prefix) =>
        attack.Any(id => id == prefix || id.StartsWith(prefix + ".", StringComparison.Ordinal));
}
