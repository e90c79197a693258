using Crible.Pipeline;

namespace Crible.Scanners.Emulation;

/// <summary>The dynamic-analysis scanners that emulate scripts, in the order they run.</summary>
public static class EmulationScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings, EmulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        return [new EmulationScanner(options)];
    }
}
