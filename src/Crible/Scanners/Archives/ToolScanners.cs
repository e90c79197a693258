using Crible.Pipeline;
using Crible.Sandbox;

namespace Crible.Scanners.Archives;

/// <summary>The archive scanners that run native tools in the sandbox, and the managed installer carvers that feed
/// them. Adding such a scanner means adding it here.</summary>
public static class ToolScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sandbox = new BubblewrapSandbox();
        return [new InstallShieldScanner(), new SevenZipToolScanner(sandbox, new SevenZipToolFormats())];
    }
}
