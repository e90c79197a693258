using Crible.Identification;
using Crible.Model;

namespace Crible.Pipeline;

/// <summary>Turns the finished tree into a report: nodes in depth-first order (parents before children, children in
/// the order they were found, so the same file always gives the same report) and the verdict.</summary>
internal static class ReportBuilder
{
    public static Report Build(AnalysisNode root, IReadOnlyList<EngineResult> engines, IReadOnlyList<LimitHit> limitsHit, TimeSpan elapsed)
    {
        var order = new List<AnalysisNode>();
        var index = new Dictionary<AnalysisNode, int>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<AnalysisNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            index[node] = order.Count;
            order.Add(node);
            var children = node.Children;
            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }

        var nodes = order.Select(node => new ReportNode(
            node.Path,
            node.Name,
            node.Hashes.Sha256,
            node.Size,
            (node.Kind ?? node.DuplicateOf?.Kind ?? FileKinds.Unknown).Name,
            node.Depth,
            node.Relation,
            node.Parent is null ? null : index[node.Parent],
            node.Findings,
            node.Incomplete,
            node.DuplicateOf is null ? null : index[node.DuplicateOf])
        { Iocs = node.Indicators }).ToList();

        var hashes = root.Hashes;
        var file = new FileSummary(root.Name, root.Size, hashes.Sha256, hashes.Sha1, hashes.Md5, nodes[0].Kind);
        var iocs = nodes.SelectMany(n => n.Iocs).DistinctBy(i => (i.Kind, i.Value)).ToList();
        var attack = nodes.SelectMany(n => n.Findings).SelectMany(f => f.Attack).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new Report(VerdictRules.Decide(nodes, limitsHit), file, nodes, engines, (long)elapsed.TotalMilliseconds, limitsHit) { Iocs = iocs, Attack = attack };
    }
}
