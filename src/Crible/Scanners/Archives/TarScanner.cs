using Crible.Identification;
using Crible.Pipeline;
using SharpCompress.Archives.Tar;

namespace Crible.Scanners.Archives;

/// <summary>tar in every header kind SharpCompress reads (v7, ustar, GNU long names, pax). Compressed tars arrive
/// here already decoded: gzip, bzip2, xz... emit the tar, which is then scanned as its own node.</summary>
public sealed class TarScanner : IScanner
{
    public string Name => "tar";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Tar;
    }

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation) =>
        new ArchiveMemberExtractor(item, context, (stream, options) => TarArchive.OpenArchive(stream, options), IsEmptyTar).ExtractAsync(cancellation);

    /// <summary>An empty tar is only zero blocks.</summary>
    private static bool IsEmptyTar(ScanItem item) => item.Data.Head.IndexOfAnyExcept((byte)0) < 0;
}
