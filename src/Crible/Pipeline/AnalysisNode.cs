using Crible.Model;

namespace Crible.Pipeline;

/// <summary>One file of the tree while the analysis runs; becomes a <see cref="ReportNode"/> at the end.</summary>
internal sealed class AnalysisNode(AnalysisNode? parent, string name, Relation relation, SampleData data)
{
    private readonly Lock _gate = new();
    private readonly List<Finding> _findings = [];
    private readonly List<string> _incomplete = [];
    private readonly List<AnalysisNode> _children = [];
    private readonly List<string> _suggestedPasswords = [];
    private readonly List<Indicator> _indicators = [];
    private readonly HashSet<(IndicatorKind, string, string)> _indicatorKeys = [];

    public AnalysisNode? Parent { get; } = parent;

    public string Name { get; } = name;

    public string Path { get; } = parent is null ? name : parent.Path + "/" + name;

    public int Depth { get; } = parent is null ? 0 : parent.Depth + 1;

    public Relation Relation { get; } = relation;

    public Hashes Hashes { get; } = data.Hashes;

    public long Size { get; } = data.Length;

    /// <summary>The bytes, released once every scanner has seen them (children hold their own copies).</summary>
    public SampleData? Data { get; private set; } = data;

    public FileKind? Kind { get; set; }

    /// <summary>The node already analysed with identical content, if any.</summary>
    public AnalysisNode? DuplicateOf { get; set; }

    public IReadOnlyList<Finding> Findings
    {
        get
        {
            lock (_gate)
            {
                return [.. _findings];
            }
        }
    }

    public IReadOnlyList<string> Incomplete
    {
        get
        {
            lock (_gate)
            {
                return [.. _incomplete];
            }
        }
    }

    public IReadOnlyList<Indicator> Indicators
    {
        get
        {
            lock (_gate)
            {
                return [.. _indicators];
            }
        }
    }

    public IReadOnlyList<AnalysisNode> Children
    {
        get
        {
            lock (_gate)
            {
                return [.. _children];
            }
        }
    }

    /// <summary>Passwords this node suggests for what it contains (for example words near "password" in an e-mail),
    /// nearest node first.</summary>
    public IReadOnlyList<string> PasswordsForChildren()
    {
        var passwords = new List<string>();
        for (var node = this; node is not null; node = node.Parent)
        {
            lock (node._gate)
            {
                passwords.AddRange(node._suggestedPasswords);
            }
        }

        return passwords;
    }

    public void SuggestPasswords(IEnumerable<string> passwords)
    {
        lock (_gate)
        {
            foreach (var password in passwords)
            {
                if (password.Length > 0 && !_suggestedPasswords.Contains(password))
                {
                    _suggestedPasswords.Add(password);
                }
            }
        }
    }

    public void AddFinding(Finding finding)
    {
        lock (_gate)
        {
            _findings.Add(finding);
        }
    }

    /// <summary>Keeps an indicator once per kind, value and scanner (a URL in the text and the same URL requested at run
    /// time are two observations), at most <paramref name="max"/> per node.</summary>
    public void AddIndicator(Indicator indicator, int max)
    {
        lock (_gate)
        {
            if (_indicators.Count < max && _indicatorKeys.Add((indicator.Kind, indicator.Value, indicator.Scanner)))
            {
                _indicators.Add(indicator);
            }
        }
    }

    /// <summary>Records why this node was not fully seen; the same reason is kept once.</summary>
    public void AddIncomplete(string reason)
    {
        lock (_gate)
        {
            if (!_incomplete.Contains(reason))
            {
                _incomplete.Add(reason);
            }
        }
    }

    public void AddChild(AnalysisNode child)
    {
        lock (_gate)
        {
            _children.Add(child);
        }
    }

    /// <summary>Hands the bytes back so they can be freed; the caller disposes them.</summary>
    public SampleData? ReleaseData()
    {
        var data = Data;
        Data = null;
        return data;
    }
}
