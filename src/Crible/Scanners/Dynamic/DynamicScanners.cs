using Crible.Pipeline;
using Crible.Sandbox;

namespace Crible.Scanners.Dynamic;

/// <summary>The dynamic-analysis scanners. Adding a scanner to this family means adding it here.</summary>
public static class DynamicScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings, DynamicAnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        return options.Enabled ? [new SandboxRunScanner(new BubblewrapSandbox(), options)] : [];
    }
}
