using Crible.Pipeline;

namespace Crible.Scanners.Archives;

/// <summary>The archive scanners, in the order they run. Adding a scanner to this family means adding it here.</summary>
public static class ArchivesScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return
        [
            new ZipScanner(),
            new SevenZipScanner(),
            new RarScanner(),
            new TarScanner(),
            new ArScanner(),
            new CpioScanner(),
            new GzipScanner(),
            new Bzip2Scanner(),
            new XzScanner(),
            new LzmaScanner(),
            new LzipScanner(),
            new ZstdScanner(),
            new Lz4Scanner(),
            new CompressScanner(),
            new SzddScanner(),
        ];
    }
}
