namespace Crible.Scanners.Dynamic;

/// <summary>Which dropped files run in the sandbox in their turn.</summary>
public enum DroppedFileRuns
{
    /// <summary>None: what a sample wrote is analysed statically only.</summary>
    None,

    /// <summary>Only the files the sample itself executed (a second stage), so their behaviour lands on their node.</summary>
    Executed,

    /// <summary>Every dropped file of a kind the sandbox runs.</summary>
    All,
}

/// <summary>The dynamic analysis of Linux programs and scripts (<c>Dynamic</c> in the configuration): each run is a
/// fresh bubblewrap sandbox with no network, observed by strace. Bounds are per run; at most
/// <see cref="MaxRunsPerAnalysis"/> runs happen in one analysis.</summary>
public sealed class DynamicAnalysisOptions
{
    /// <summary>Run ELF executables and shell, Python and Perl scripts (on by default: nothing leaves the sandbox).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Runs in one analysis, whatever the number of programs in the submitted file; later ones are reported
    /// as a limit hit.</summary>
    public int MaxRunsPerAnalysis { get; set; } = 4;

    /// <summary>Wall-clock time of one run, after which the whole sandbox is killed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>CPU seconds of each process (RLIMIT_CPU; a miner is stopped by SIGXCPU).</summary>
    public int CpuSeconds { get; set; } = 5;

    /// <summary>Address space of each process (RLIMIT_AS; cgroup v2 memory control is not used, see the architecture notes).</summary>
    public long MemoryBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>Processes of the sample at once, tracer included (RLIMIT_NPROC in the sandbox's user namespace).</summary>
    public int Processes { get; set; } = 32;

    /// <summary>Largest file the sample may write (RLIMIT_FSIZE).</summary>
    public long FileSizeBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Bytes the sample may leave in its folders (work, /tmp, home) in total; past it the sandbox is killed.</summary>
    public long WrittenBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>How much of strace's output is read; a longer trace is cut and the run marked incomplete.</summary>
    public int TraceBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Which dropped files run in their turn (each counts against <see cref="MaxRunsPerAnalysis"/>).</summary>
    public DroppedFileRuns RunDropped { get; set; } = DroppedFileRuns.Executed;
}
