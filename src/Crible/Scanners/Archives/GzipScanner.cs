using System.Buffers.Binary;
using System.IO.Compression;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Archives;

/// <summary>gzip: one member named after the header's FNAME (else the file name minus .gz); concatenated gzip
/// members decode as one stream, as gunzip does.</summary>
public sealed class GzipScanner : SingleStreamScanner
{
    private const int TrailerLength = 18;

    public override string Name => "gzip";

    protected override FileKind Kind => FileKinds.Gzip;

    protected override IReadOnlyList<(string Suffix, string Replacement)> Suffixes { get; } =
        [(".tgz", ".tar"), (".taz", ".tar"), (".gz", ""), (".z", ""), ("-gz", ""), ("_gz", "")];

    protected override Stream OpenDecoder(Stream packed) => new GZipStream(packed, CompressionMode.Decompress, leaveOpen: true);

    /// <summary>The inflater ends quietly on truncated input. A complete single-member file ends with the decoded
    /// length (mod 2^32); when it does not, a second look tells a multi-member file from a truncated one.</summary>
    protected override string? EndProblem(ScanItem item, long decodedLength)
    {
        ArgumentNullException.ThrowIfNull(item);
        using var stream = item.Data.OpenRead();
        if (stream.Length < TrailerLength)
        {
            return "the gzip trailer is missing";
        }

        Span<byte> size = stackalloc byte[4];
        stream.Position = stream.Length - 4;
        stream.ReadExactly(size);
        if (BinaryPrimitives.ReadUInt32LittleEndian(size) == (uint)decodedLength)
        {
            return null;
        }

        stream.Position = 0;
        return FirstMemberIsShorter(stream, decodedLength) ? null : "the data ends before the gzip trailer";
    }

    protected override string MemberName(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return GzipHeader.FileName(item.Data.Head) ?? base.MemberName(item);
    }

    /// <summary>True when the first member alone decodes to less than the whole (so more members follow).</summary>
    private static bool FirstMemberIsShorter(Stream packed, long decodedLength)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        try
        {
            // SharpCompress' inflater stops at the end of the first member (and checks its trailer on dispose).
            using var firstMember = new SharpCompress.Compressors.Deflate.GZipStream(packed, SharpCompress.Compressors.CompressionMode.Decompress);
            int read;
            while (total < decodedLength && (read = firstMember.Read(buffer)) > 0)
            {
                total += read;
            }
        }
        catch (Exception exception) when (ArchiveErrors.IsInputError(exception))
        {
            return false;
        }

        return total < decodedLength;
    }
}
