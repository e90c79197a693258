using Crible.Identification;
using Crible.Pipeline;
using SharpCompress.Archives.Tar;

namespace Crible.Scanners.Archives;

/// <summary>tar in every header kind SharpCompress reads (v7, ustar, GNU long names, pax), with .NET's own tar reader
/// as a second opinion when SharpCompress refuses one. Compressed tars arrive here already decoded: the gzip, bzip2,
/// xz... scanners emit the tar, which is scanned as its own node.</summary>
public sealed class TarScanner : IScanner
{
    public string Name => "tar";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Tar;
    }

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var extractor = new ArchiveMemberExtractor(item, context, (stream, options) => TarArchive.OpenArchive(stream, options), IsEmptyTar)
        {
            OnUnreadable = async (_, token) =>
            {
                var (emitted, error) = await TarEntryWalk.EmitAsync(item, context, token).ConfigureAwait(false);
                if (error is not null && emitted > 0)
                {
                    context.Incomplete($"tar: the archive breaks off after {emitted} member(s) ({ArchiveErrors.Describe(error)})");
                }

                return emitted > 0 || error is null;
            },
        };
        return extractor.ExtractAsync(cancellation);
    }

    /// <summary>An empty tar is only zero blocks.</summary>
    private static bool IsEmptyTar(ScanItem item) => item.Data.Head.IndexOfAnyExcept((byte)0) < 0;
}
