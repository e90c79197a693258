using Crible.Model;

namespace Crible.Pipeline;

/// <summary>Malicious if any engine said so anywhere; otherwise unanalysable if anything was not fully seen;
/// otherwise clean.</summary>
public static class VerdictRules
{
    public static Verdict Decide(IReadOnlyList<ReportNode> nodes, IReadOnlyList<LimitHit> limitsHit)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(limitsHit);
        if (nodes.Any(n => n.Findings.Any(f => f.Severity == Severity.Malicious)))
        {
            return Verdict.Malicious;
        }

        return limitsHit.Count > 0 || nodes.Any(n => n.Incomplete.Count > 0) ? Verdict.Unanalysable : Verdict.Clean;
    }
}
