using Crible.Pipeline;

namespace Crible.Scanners.Scripts;

/// <summary>The script scanners, in the order they run. Adding a scanner to this family means adding it here.</summary>
public static class ScriptsScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [new ScriptScanner(), new EncodedCommandScanner(), new PowerShellJoinScanner(), new Encoder.EncodedScriptScanner()];
    }
}
