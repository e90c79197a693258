namespace Crible.Sandbox;

/// <summary>One command to run in a fresh sandbox.</summary>
public sealed record SandboxRequest
{
    /// <summary>The program and its arguments as the sandbox sees them (for example <c>/usr/bin/7zz</c>).</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>A host folder bound read-write on <see cref="BubblewrapSandbox.WorkPath"/>, the command's current
    /// folder: the only place outside its private /tmp where it can write.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Inputs bound read-only.</summary>
    public IReadOnlyList<SandboxMount> ReadOnlyMounts { get; init; } = [];

    /// <summary>More host folders bound read-write (one on <c>/tmp</c> replaces the private tmpfs). They are given to
    /// the sandbox user and counted with the work folder against <see cref="SandboxLimits.WorkDirectoryBytes"/>, so
    /// a caller can collect everything the command wrote once it ended.</summary>
    public IReadOnlyList<SandboxMount> WritableMounts { get; init; } = [];

    public SandboxLimits Limits { get; init; } = new();

    /// <summary>Wall-clock time after which the whole sandbox is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Variables set inside, on top of PATH, HOME, TMPDIR and LANG (the host's environment is never passed).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Lets the command use ptrace (dynamic analysis runs samples under strace); denied otherwise.</summary>
    public bool AllowTracing { get; init; }
}
