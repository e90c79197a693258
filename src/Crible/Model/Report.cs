using System.Text.Json.Serialization;

namespace Crible.Model;

/// <summary>The result of one analysis: the verdict, the tree of files seen and what each engine said.</summary>
/// <param name="Source">Where the file was read from, when the caller knows (a path for the command line).</param>
/// <param name="RulesVersion">The signature set the engines used (part of the service's cache key).</param>
public sealed record Report(
    Verdict Verdict,
    FileSummary File,
    IReadOnlyList<ReportNode> Nodes,
    IReadOnlyList<EngineResult> Engines,
    long DurationMs,
    IReadOnlyList<LimitHit> LimitsHit,
    string? Source = null,
    string? RulesVersion = null)
{
    /// <summary>Every indicator of the tree, each value once (first seen first).</summary>
    public IReadOnlyList<Indicator> Iocs { get; init; } = [];

    /// <summary>The ATT&amp;CK techniques named by the findings of the tree, sorted.</summary>
    public IReadOnlyList<string> Attack { get; init; } = [];

    /// <summary>What to do now, for a file that is not clean (null when it is). Derived from the rest of the report
    /// each time, so a verdict changed afterwards (a safelist entry) changes it too.</summary>
    public SecurityProcedure? Procedure => Crible.Reporting.SecurityProcedures.For(this);

    /// <summary>Every finding in the tree, with the node it was reported on.</summary>
    [JsonIgnore]
    public IEnumerable<(ReportNode Node, Finding Finding)> AllFindings =>
        Nodes.SelectMany(node => node.Findings.Select(finding => (node, finding)));

    /// <summary>The engines that reported a malicious finding.</summary>
    [JsonIgnore]
    public IEnumerable<string> DetectingEngines => Engines.Where(e => e.Detected).Select(e => e.Name);
}

/// <summary>The submitted file itself.</summary>
public sealed record FileSummary(string Name, long Size, string Sha256, string Sha1, string Md5, string Kind);

/// <summary>One file in the tree: the root or something found inside it.</summary>
/// <param name="Path">Names from the root down, joined with '/' (for example <c>outer.zip/inner.docm/vbaProject.bin</c>).</param>
/// <param name="Parent">Index of the parent node in <see cref="Report.Nodes"/>, null for the root.</param>
/// <param name="DuplicateOf">Set when identical content was already analysed as another node of this analysis.</param>
public sealed record ReportNode(
    string Path,
    string Name,
    string Sha256,
    long Size,
    string Kind,
    int Depth,
    Relation Relation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Parent,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Incomplete,
    int? DuplicateOf = null)
{
    /// <summary>Indicators of compromise seen in this file by its scanners.</summary>
    public IReadOnlyList<Indicator> Iocs { get; init; } = [];
}

/// <summary>What one engine did over the whole tree.</summary>
public sealed record EngineResult(string Name, bool Detected, long DurationMs);
