using Crible.Pipeline;

namespace Crible.Scanners.Web;

/// <summary>The web scanners, in the order they run. Adding a scanner to this family means adding it here.</summary>
public static class WebScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [new DataUriScanner(), new ScriptBlobScanner(), new ScriptBlockScanner(), new HtmlSmugglingScanner(), new PhishingFormScanner(), new HtmlRedirectScanner()];
    }
}
