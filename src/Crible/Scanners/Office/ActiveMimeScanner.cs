using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office;

/// <summary>
/// ActiveMime (MSO) blobs: how Word 2003 XML (<c>w:binData</c> "editdata.mso") and MHT/MHTML documents carry their
/// macros. After the "ActiveMime" header comes a zlib stream holding an OLE2 file with the VBA project; it is emitted
/// decompressed (bounded by the analysis' size and ratio limits) so the VBA scanner reads it. The stream's offset is
/// given in the header (a 16-bit value at 0x1E, counted from byte 46); Word's usual 0x32 and Excel's 0x22A are
/// tried when it does not lead to one.
/// </summary>
public sealed class ActiveMimeScanner : IScanner
{
    private const int HeaderOffsetField = 0x1E;
    private const int HeaderOffsetBase = 46;
    private static readonly int[] UsualOffsets = [0x32, 0x22A];

    public string Name => "activemime";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Data.Head.StartsWith("ActiveMime"u8);
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var bytes = await ScanItemBytes.ReadAsync(item, context, cancellation).ConfigureAwait(false);
        if (ZlibStart(bytes) is not { } start)
        {
            context.Incomplete("activemime: no zlib stream where the header says, nor at the usual offsets");
            return;
        }

        context.Report("activemime", Severity.Info, "ActiveMime (MSO) container: Office macros stored outside a document", string.Create(CultureInfo.InvariantCulture, $"zlib data at offset {start} (0x{start:X})"));
        var compressed = bytes.Length - start;
        using var zlib = new ZLibStream(new MemoryStream(bytes, start, compressed, writable: false), CompressionMode.Decompress);
        try
        {
            await context.EmitAsync(zlib, "activemime.ole", Relation.Decoded, compressed, cancellation).ConfigureAwait(false);
        }
        catch (InvalidDataException exception)
        {
            context.Incomplete($"activemime: the compressed data is damaged ({exception.Message})");
        }
    }

    /// <summary>The first candidate offset where a zlib header starts and the data inflates to an OLE2 file.</summary>
    private static int? ZlibStart(byte[] bytes)
    {
        var candidates = new List<int>(3);
        if (bytes.Length >= HeaderOffsetField + 2)
        {
            candidates.Add(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(HeaderOffsetField)) + HeaderOffsetBase);
        }

        candidates.AddRange(UsualOffsets);
        return candidates.Where(c => c + 2 <= bytes.Length && IsZlibHeader(bytes[c], bytes[c + 1]) && InflatesToOle2(bytes, c)).Cast<int?>().FirstOrDefault();
    }

    /// <summary>RFC 1950: deflate, and the two header bytes a multiple of 31.</summary>
    private static bool IsZlibHeader(byte method, byte flags) => (method & 0x0F) == 8 && ((method << 8) | flags) % 31 == 0;

    private static bool InflatesToOle2(byte[] bytes, int start)
    {
        Span<byte> magic = stackalloc byte[8];
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(bytes, start, bytes.Length - start, writable: false), CompressionMode.Decompress);
            return zlib.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) == magic.Length && CompoundFileHeader.HasSignature(magic);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
