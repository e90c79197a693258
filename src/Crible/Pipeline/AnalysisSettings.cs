using Crible.Model;

namespace Crible.Pipeline;

/// <summary>What an analysis may do: its limits, the passwords it tries and where it writes temporary files.</summary>
public sealed record AnalysisSettings
{
    /// <summary>Passwords tried on encrypted archives and documents, in order.</summary>
    public static readonly IReadOnlyList<string> DefaultPasswords = ["infected", "virus", "malware", "password", "123456"];

    public Limits Limits { get; init; } = new();

    public IReadOnlyList<string> Passwords { get; init; } = DefaultPasswords;

    /// <summary>Nodes scanned at once within one analysis.</summary>
    public int Concurrency { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Sum of sub-file bytes kept in memory at once; past it, sub-files go to temporary files.</summary>
    public long MaxInMemoryTotalBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Where each analysis makes its private temporary folder.</summary>
    public string TempRoot { get; init; } = Path.Combine(Path.GetTempPath(), "crible");
}
