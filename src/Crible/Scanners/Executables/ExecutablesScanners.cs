using Crible.Pipeline;
using Crible.Scanners.Executables.Pe;

namespace Crible.Scanners.Executables;

/// <summary>The executable and shortcut scanners, in the order they run. Adding a scanner to this family means
/// adding it here.</summary>
public static class ExecutablesScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [new PeScanner()];
    }
}
