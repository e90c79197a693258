namespace Crible.Sandbox;

/// <summary>What one sandboxed command did.</summary>
/// <param name="ExitCode">The command's exit code (128 + signal when a signal ended it); null when it did not exit by itself.</param>
/// <param name="StandardOutput">The first bytes of its standard output, decoded as UTF-8.</param>
/// <param name="OutputTruncated">True when standard output or error was longer than the captured bound.</param>
/// <param name="ProcessId">The host process id of the bubblewrap monitor, for callers that check nothing is left.</param>
/// <param name="Problem">Why the sandbox was unavailable or the command was stopped, in one sentence.</param>
public sealed record SandboxResult(
    SandboxStatus Status,
    int? ExitCode,
    string StandardOutput,
    string StandardError,
    bool OutputTruncated,
    TimeSpan Elapsed,
    int ProcessId,
    string? Problem = null)
{
    public bool Succeeded => Status == SandboxStatus.Exited && ExitCode == 0;

    internal static SandboxResult Unavailable(string problem) =>
        new(SandboxStatus.Unavailable, null, string.Empty, string.Empty, false, TimeSpan.Zero, 0, problem);
}
