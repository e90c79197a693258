using Crible.Model;
using Crible.Pipeline;

namespace Crible.Tests.Pipeline;

public sealed class VerdictRulesTests
{
    private static ReportNode Node(Finding[]? findings = null, string[]? incomplete = null) =>
        new("f", "f", "00", 1, "text", 0, Relation.Root, null, findings ?? [], incomplete ?? []);

    [Fact]
    public void Nothing_found_and_everything_seen_is_clean() =>
        Assert.Equal(Verdict.Clean, VerdictRules.Decide([Node()], []));

    [Fact]
    public void A_node_not_fully_seen_is_unanalysable() =>
        Assert.Equal(Verdict.Unanalysable, VerdictRules.Decide([Node(), Node(incomplete: ["encrypted"])], []));

    [Fact]
    public void A_limit_hit_is_unanalysable() =>
        Assert.Equal(Verdict.Unanalysable, VerdictRules.Decide([Node()], [new LimitHit("depth", "f", "too deep")]));

    [Fact]
    public void One_malicious_finding_anywhere_is_malicious()
    {
        var finding = new Finding("yara", "r", Severity.Malicious, "t");
        Assert.Equal(Verdict.Malicious, VerdictRules.Decide([Node(incomplete: ["x"]), Node([finding])], [new LimitHit("files", "f", "many")]));
    }
}
