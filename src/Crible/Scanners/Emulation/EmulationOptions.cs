namespace Crible.Scanners.Emulation;

/// <summary>How script droppers are emulated (configuration section <c>Emulation</c>).</summary>
public sealed class EmulationOptions
{
    /// <summary>False leaves scripts to the static scanners only.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Wall time one script may run (never more than the scanner timeout allows).</summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Statements one script may execute (anti-emulation loops count millions).</summary>
    public int MaxStatements { get; set; } = 100_000_000;

    /// <summary>Bytes one script may allocate, garbage included.</summary>
    public long MaxMemoryBytes { get; set; } = 1L << 30;

    /// <summary>Deepest call stack.</summary>
    public int MaxRecursionDepth { get; set; } = 400;

    /// <summary>Longest string (in characters) the emulated host accepts from the script: a written file, a command,
    /// a code string passed to eval.</summary>
    public int MaxStringLength { get; set; } = 32 * 1024 * 1024;

    /// <summary>What a request for a URL gets back: <see cref="FakeResponse.Executable"/> (a small inert PE that
    /// Crible builds, so the dropper goes on to write and run it) or <see cref="FakeResponse.NotFound"/> (HTTP 404,
    /// so it tries every URL it carries).</summary>
    public FakeResponse Response { get; set; } = FakeResponse.Executable;
}

/// <summary>The answer the emulated network gives to every request.</summary>
public enum FakeResponse
{
    /// <summary>200 with a small inert Windows executable built in memory.</summary>
    Executable,

    /// <summary>404 Not Found.</summary>
    NotFound,
}
