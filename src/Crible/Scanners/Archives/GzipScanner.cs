using System.IO.Compression;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Archives;

/// <summary>gzip: one member named after the header's FNAME (else the file name minus .gz); concatenated gzip
/// members decode as one stream, as gunzip does.</summary>
public sealed class GzipScanner : SingleStreamScanner
{
    public override string Name => "gzip";

    protected override FileKind Kind => FileKinds.Gzip;

    protected override IReadOnlyList<(string Suffix, string Replacement)> Suffixes { get; } =
        [(".tgz", ".tar"), (".taz", ".tar"), (".gz", ""), (".z", ""), ("-gz", ""), ("_gz", "")];

    protected override Stream OpenDecoder(Stream packed) => new GZipStream(packed, CompressionMode.Decompress, leaveOpen: true);

    protected override string MemberName(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return GzipHeader.FileName(item.Data.Head) ?? base.MemberName(item);
    }
}
