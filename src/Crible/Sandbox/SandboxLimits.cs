namespace Crible.Sandbox;

/// <summary>Resource bounds of one sandboxed command. The kernel enforces the rlimits and the tmpfs size; the runner
/// enforces the work folder's size by watching it.</summary>
public sealed record SandboxLimits
{
    /// <summary>RLIMIT_AS: the address space of each process.</summary>
    public long AddressSpaceBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>RLIMIT_CPU: CPU seconds of each process, after which it gets SIGXCPU (SIGKILL one second later); the
    /// wall-clock timeout is separate.</summary>
    public int CpuSeconds { get; init; } = 60;

    /// <summary>RLIMIT_FSIZE: the largest file a process may write.</summary>
    public long FileSizeBytes { get; init; } = 1L * 1024 * 1024 * 1024;

    /// <summary>RLIMIT_NPROC: processes of the sandbox user, counted in the sandbox's own user namespace.</summary>
    public int Processes { get; init; } = 64;

    /// <summary>RLIMIT_NOFILE: open files of each process.</summary>
    public int OpenFiles { get; init; } = 256;

    /// <summary>Size of the private tmpfs mounted on /tmp.</summary>
    public long TmpBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Most bytes the command may leave in the work folder; past it the command is killed.</summary>
    public long WorkDirectoryBytes { get; init; } = 1L * 1024 * 1024 * 1024;

    /// <summary>Most entries (files, folders, links) the command may leave in the work folder.</summary>
    public int WorkDirectoryEntries { get; init; } = 20_000;

    /// <summary>How much of standard output and of standard error is kept (each); the rest is read and dropped.</summary>
    public int CapturedOutputBytes { get; init; } = 64 * 1024;
}
