using Crible.Pipeline;

namespace Crible.Scanners.Archives;

/// <summary>The archive scanners, in the order they run. Adding a scanner to this family means adding it here.</summary>
public static class ArchivesScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [new ZipScanner()];
    }
}
