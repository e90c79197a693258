using Crible.Identification;
using Crible.Pipeline;
using SharpCompress.Archives.Rar;

namespace Crible.Scanners.Archives;

/// <summary>RAR 4 and 5 (read-only), encrypted members and encrypted headers opened with the analysis' passwords.
/// A volume of a multi-volume set yields the members it holds whole.</summary>
public sealed class RarScanner : IScanner
{
    public string Name => "rar";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Rar;
    }

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation) =>
        new ArchiveMemberExtractor(item, context, (stream, options) => RarArchive.OpenArchive(stream, options), _ => false).ExtractAsync(cancellation);
}
