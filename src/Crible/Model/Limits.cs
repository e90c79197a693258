namespace Crible.Model;

/// <summary>Firm bounds on one analysis. Every hit is recorded in the report and makes the verdict unanalysable
/// unless something malicious was found anyway.</summary>
public sealed record Limits
{
    /// <summary>Deepest nesting analysed; the root is depth 0. 16 rather than DESIGN.md's 12: a compressed tarball
    /// costs two levels (gzip, then tar), and ClamAV itself goes to 17.</summary>
    public int MaxDepth { get; init; } = 16;

    /// <summary>Most nodes in one analysis, the root included.</summary>
    public int MaxFiles { get; init; } = 10_000;

    /// <summary>Most bytes of extracted content in one analysis.</summary>
    public long MaxTotalBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Largest expansion of one member relative to its packed size (expanded = ratio × packed).</summary>
    public int MaxRatio { get; init; } = 250;

    /// <summary>Below this expanded size the ratio is not checked: small, very compressible files are common.</summary>
    public long RatioCheckFloorBytes { get; init; } = 1024 * 1024;

    /// <summary>Larger content is kept in a temporary file rather than in memory.</summary>
    public long MaxInMemoryBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Time one scanner may spend on one file.</summary>
    public TimeSpan ScannerTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time the whole analysis may take.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(5);
}
