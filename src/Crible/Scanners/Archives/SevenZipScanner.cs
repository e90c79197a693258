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
        new ArchiveMemberExtractor(item, context, (stream, options) => SevenZipArchive.OpenArchive(stream, options), IsEmpty7z).ExtractAsync(cancellation);

    /// <summary>An archive with no member has a start header pointing at no next header (offset and size zero).</summary>
    private static bool IsEmpty7z(ScanItem item) => item.Data.Length == 32 && item.Data.Head[12..28].IndexOfAnyExcept((byte)0) < 0;
}
