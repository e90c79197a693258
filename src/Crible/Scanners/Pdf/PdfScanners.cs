using Crible.Pipeline;

namespace Crible.Scanners.Pdf;

/// <summary>The pdf scanners, in the order they run. Adding a scanner to this family means adding it here.</summary>
public static class PdfScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [new PdfScanner()];
    }
}
