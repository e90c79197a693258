using Crible.Pipeline;
using Crible.Scanners.Installers.AutoIt;

namespace Crible.Scanners.Installers;

/// <summary>The installer scanners, in the order they run. Adding a scanner to this family means adding it here.</summary>
public static class InstallersScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [new SisScanner(), new AutoItScanner()];
    }
}
