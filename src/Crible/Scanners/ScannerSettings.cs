namespace Crible.Scanners;

/// <summary>What the scanner families need from the configuration when they are built.</summary>
/// <param name="TempDirectory">Where scanners that need files on disk (out-of-process tools) may write.</param>
public sealed record ScannerSettings(string TempDirectory);
