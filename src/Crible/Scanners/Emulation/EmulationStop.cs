namespace Crible.Scanners.Emulation;

/// <summary>Thrown by the emulated host to end a run: the script called WScript.Quit, or it passed a string larger
/// than the host accepts. Not catchable from the script (Jint lets host exceptions through).</summary>
internal sealed class EmulationStop : Exception
{
    public EmulationStop()
    {
    }

    public EmulationStop(string message)
        : base(message)
    {
    }

    public EmulationStop(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The limit that ended the run, or null when the script itself quit.</summary>
    public string? Limit { get; init; }
}
