using Crible.Identification;
using Crible.Pipeline;

namespace Crible.Scanners.Archives;

/// <summary>cpio archives (initramfs images, RPM payloads, old Unix backups) in all their header variants.</summary>
public sealed class CpioScanner : IScanner
{
    public string Name => "cpio";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Cpio;
    }

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation) =>
        StoredMemberEmitter.EmitAsync(item, context, CpioReader.Read, cancellation);
}
