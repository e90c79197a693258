using Crible.Pipeline;

namespace Crible.Scanners.Iocs;

/// <summary>The indicator scanners. Adding a scanner to this family means adding it here.</summary>
public static class IocsScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [new IocScanner()];
    }
}
