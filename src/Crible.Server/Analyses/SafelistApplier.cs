using Crible.Model;
using Crible.Pipeline;

namespace Crible.Server.Analyses;

/// <summary>Applies the operator's safelist to a report: malicious findings on a safelisted file become
/// informational (kept, marked), and the verdict is decided again.</summary>
public static class SafelistApplier
{
    public static Report Apply(Report report, IReadOnlyDictionary<string, string> safelisted)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(safelisted);
        if (safelisted.Count == 0 || !report.Nodes.Any(n => safelisted.ContainsKey(n.Sha256)))
        {
            return report;
        }

        var nodes = report.Nodes.Select(node => safelisted.TryGetValue(node.Sha256, out var reason)
            ? node with
            {
                Findings =
                [
                    .. node.Findings.Select(f => f.Severity == Severity.Malicious
                        ? f with { Severity = Severity.Info, Title = $"[safelisted: {reason}] {f.Title}" }
                        : f),
                    new Finding("safelist", "safelisted", Severity.Info, $"Safelisted by the operator: {reason}"),
                ],
            }
            : node).ToList();
        return report with { Nodes = nodes, Verdict = VerdictRules.Decide(nodes, report.LimitsHit) };
    }
}
