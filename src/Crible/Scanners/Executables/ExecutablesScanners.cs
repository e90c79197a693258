using Crible.Pipeline;
using Crible.Scanners.Executables.Carriers;
using Crible.Scanners.Executables.Elf;
using Crible.Scanners.Executables.Lnk;
using Crible.Scanners.Executables.MachO;
using Crible.Scanners.Executables.Pe;

namespace Crible.Scanners.Executables;

/// <summary>The executable, shortcut and Windows carrier scanners, in the order they run. Adding a scanner to this
/// family means adding it here.</summary>
public static class ExecutablesScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return
        [
            new PeScanner(), new ElfScanner(), new MachOScanner(), new DonutScanner(), new LnkScanner(), new InternetShortcutScanner(), new RemoteLocationScanner(),
            new IqyScanner(), new SlkScanner(), new JnlpScanner(), new RegScanner(),
        ];
    }
}
