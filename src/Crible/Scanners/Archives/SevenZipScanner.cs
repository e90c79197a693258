using Crible.Identification;
using Crible.Pipeline;
using SharpCompress.Archives.SevenZip;

namespace Crible.Scanners.Archives;

/// <summary>7-Zip archives, AES-encrypted ones (members or file names) opened with the analysis' passwords.</summary>
public sealed class SevenZipScanner : IScanner
{
    public string Name => "7z";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.SevenZip;
    }

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation) =>
        new ArchiveMemberExtractor(item, context, (stream, options) => SevenZipArchive.OpenArchive(stream, options), _ => false).ExtractAsync(cancellation);
}
