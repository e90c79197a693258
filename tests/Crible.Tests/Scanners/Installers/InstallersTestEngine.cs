using Crible.Identification;
using Crible.Pipeline;
using Crible.Scanners;
using Crible.Scanners.Installers;

namespace Crible.Tests.Scanners.Installers;

/// <summary>The default engine plus the installer scanners, whether or not the engine registers them itself.</summary>
internal static class InstallersTestEngine
{
    private static readonly Lazy<Analyser> Engine = new(() =>
    {
        var engine = TestEngine.Default;
        var names = engine.Scanners.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var installers = InstallersScanners.Create(new ScannerSettings(Path.GetTempPath())).Where(s => !names.Contains(s.Name));
        return new Analyser(FileIdentifier.CreateDefault(), [.. engine.Scanners, .. installers], engine.Settings);
    });

    public static Analyser Default => Engine.Value;
}
