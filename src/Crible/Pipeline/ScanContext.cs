using System.Text;
using Crible.Model;

namespace Crible.Pipeline;

/// <summary>
/// How a scanner speaks about the file it scans: findings (<see cref="Report(Finding)"/>), sub-files
/// (<see cref="EmitAsync(Stream, string, Relation, long?, CancellationToken)"/>) and what it could not see
/// (<see cref="Incomplete"/>). Sub-files are bounded here, so every extractor gets the bomb defences for free.
/// </summary>
public sealed class ScanContext
{
    private const int MaxNameLength = 512;
    private const int MaxIndicatorLength = 2048;
    private const int MaxIndicatorsPerNode = 500;
    private readonly AnalysisState _state;
    private readonly AnalysisNode _node;
    private int _maliciousCount;

    internal ScanContext(AnalysisState state, AnalysisNode node, string scannerName, IReadOnlyList<string> passwords)
    {
        _state = state;
        _node = node;
        ScannerName = scannerName;
        Passwords = passwords;
    }

    public string ScannerName { get; }

    public Limits Limits => _state.Limits;

    /// <summary>Passwords to try on encrypted content: the request's first, then the configured ones.</summary>
    public IReadOnlyList<string> Passwords { get; }

    /// <summary>The analysis' private folder, deleted when it ends; scanners that need files write there.</summary>
    public string TempDirectory => _state.TempDirectory;

    internal bool ReportedMalicious => _maliciousCount > 0;

    public void Report(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Severity == Severity.Malicious)
        {
            Interlocked.Increment(ref _maliciousCount);
        }

        _node.AddFinding(finding);
    }

    /// <summary>Reports a finding in this scanner's name.</summary>
    public void Report(
        string id,
        Severity severity,
        string title,
        string? evidence = null,
        IReadOnlyList<string>? attack = null,
        IReadOnlyDictionary<string, string>? meta = null) =>
        Report(new Finding(ScannerName, id, severity, title, evidence, attack, meta));

    /// <summary>Records an indicator of compromise (a URL, a domain, an address, a path...) seen in this file.
    /// Values are trimmed and bounded; the same value is kept once per file, and at most 500 per file.</summary>
    public void Indicator(IndicatorKind kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return;
        }

        if (trimmed.Length > MaxIndicatorLength)
        {
            trimmed = trimmed[..MaxIndicatorLength] + "…";
        }

        _node.AddIndicator(new Model.Indicator(kind, trimmed, ScannerName), MaxIndicatorsPerNode);
    }

    /// <summary>Offers passwords for the encrypted sub-files of this file (an e-mail that says "the password is
    /// 1234" for its attachment). They are tried after the request's own passwords, before the configured ones.</summary>
    public void SuggestPasswords(IEnumerable<string> passwords)
    {
        ArgumentNullException.ThrowIfNull(passwords);
        _node.SuggestPasswords(passwords);
    }

    /// <summary>Says that part of the file could not be seen (encrypted, malformed, a limit). The verdict will
    /// then be unanalysable unless something malicious is found anyway.</summary>
    public void Incomplete(string reason) => _node.AddIncomplete(reason);

    /// <summary>Records that a limit was hit at this file, and marks it incomplete.</summary>
    public void LimitHit(string limit, string detail)
    {
        _state.Hit(limit, _node.Path, detail);
        _node.AddIncomplete($"{limit}: {detail}");
    }

    public ValueTask<EmitResult> EmitAsync(ReadOnlyMemory<byte> content, string name, Relation relation, CancellationToken cancellation) =>
        EmitAsync(new ReadOnlyMemoryStream(content), name, relation, packedSize: null, cancellation);

    /// <summary>
    /// Hands a sub-file to the analyser. The content is copied under the analysis limits (depth, file count, total
    /// size, expansion ratio against <paramref name="packedSize"/>); a truncated copy is still analysed and marked
    /// incomplete. Errors of the source stream (corrupt data, wrong password) reach the caller.
    /// </summary>
    public async ValueTask<EmitResult> EmitAsync(Stream content, string name, Relation relation, long? packedSize, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(content);
        var limits = _state.Limits;
        var childName = CleanName(name);
        if (_node.Depth + 1 > limits.MaxDepth)
        {
            LimitHit("depth", $"sub-files deeper than {limits.MaxDepth} levels are not analysed");
            return EmitResult.Exhausted;
        }

        var room = limits.MaxTotalBytes - _state.TotalBytes;
        if (room <= 0)
        {
            LimitHit("total_size", $"more than {limits.MaxTotalBytes} bytes of sub-files in this analysis");
            return EmitResult.Exhausted;
        }

        if (!_state.TryReserveFile())
        {
            LimitHit("files", $"more than {limits.MaxFiles} files in this analysis");
            return EmitResult.Exhausted;
        }

        var ratioBound = packedSize is > 0 ? Math.Max(limits.RatioCheckFloorBytes, SaturatingMultiply(packedSize.Value, limits.MaxRatio)) : long.MaxValue;
        var bound = Math.Min(room, ratioBound);
        SampleCopy copy;
        try
        {
            copy = await SampleWriter.CopyAsync(content, bound, _state.InMemoryRoom, _state.TempDirectory, cancellation).ConfigureAwait(false);
        }
        catch
        {
            _state.ReleaseFile();
            throw;
        }

        _state.AddBytes(copy.Data);
        var result = EmitResult.Accepted;
        string? truncation = null;
        if (copy.Truncated && bound == ratioBound)
        {
            truncation = $"ratio: {childName} expands more than {limits.MaxRatio} times its packed size of {packedSize} bytes";
            _state.Hit("ratio", _node.Path + "/" + childName, $"expands more than {limits.MaxRatio} times its packed size of {packedSize} bytes; analysed the first {copy.Data.Length} bytes");
            result = EmitResult.Refused;
        }
        else if (copy.Truncated)
        {
            truncation = $"total_size: cut at {copy.Data.Length} bytes, the analysis' size budget of {limits.MaxTotalBytes} bytes";
            _state.Hit("total_size", _node.Path + "/" + childName, $"more than {limits.MaxTotalBytes} bytes of sub-files in this analysis");
            result = EmitResult.Exhausted;
        }

        var child = new AnalysisNode(_node, childName, relation, copy.Data);
        child.DuplicateOf = _state.FirstWithSameContent(child);
        if (truncation is not null)
        {
            child.AddIncomplete(truncation);
        }

        if (child.DuplicateOf is not null)
        {
            // Identical content is analysed once per analysis; the node stays in the tree as a reference.
            _state.ReleaseMemory(copy.Data);
            child.ReleaseData()?.Dispose();
        }

        _node.AddChild(child);
        return result;
    }

    private static long SaturatingMultiply(long value, int factor) => value > long.MaxValue / factor ? long.MaxValue : value * factor;

    /// <summary>Member names come from hostile files: keep them readable and bounded, never use them as paths.</summary>
    private static string CleanName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "(unnamed)";
        }

        var builder = new StringBuilder(Math.Min(name.Length, MaxNameLength));
        foreach (var c in name)
        {
            if (builder.Length == MaxNameLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }
}
