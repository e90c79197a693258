using Crible.Pipeline;

namespace Crible.Scanners.Carving;

/// <summary>The carving scanners, in the order they run. Adding a scanner to this family means adding it here.</summary>
public static class CarvingScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [new OverlayScanner(), new EmbeddedPeScanner()];
    }
}
