using System.Buffers.Binary;
using System.IO.Compression;
using System.Globalization;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Office.PowerPoint;

namespace Crible.Scanners.Office;

/// <summary>
/// PowerPoint 97-2003 keeps embedded OLE objects (and the VBA project) inside the "PowerPoint Document" stream as
/// ExOleObjStg records, zlib-compressed behind a 4-byte size when their instance is 1. This scanner walks the
/// records and emits each object's storage (itself an OLE2 file, which the analyser then opens).
/// </summary>
public sealed class PowerPointScanner : IScanner
{
    private const string DocumentStream = "PowerPoint Document";

    public string Name => "powerpoint";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Ppt;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        byte[] document;
        using (var file = OleFiles.Open(item, context, reportFailure: false))
        {
            // An encrypted presentation's records are cipher text: the ole scanner decrypts it and this scanner then
            // reads the decrypted copy.
            if (file?.Find(DocumentStream) is not { IsStream: true } entry || OfficeEncryption.Describe(file) is not null)
            {
                return;
            }

            document = file.ReadStream(entry, (int)Math.Min(context.Limits.MaxInMemoryBytes, Array.MaxLength), out var complete);
            if (!complete)
            {
                context.Incomplete($"powerpoint: only the first {document.Length} bytes of the {DocumentStream} stream were read");
            }
        }

        var problems = new List<string>();
        var records = PowerPointRecordReader.Read(document, problems);
        foreach (var problem in problems.Take(5))
        {
            context.Incomplete($"powerpoint: {problem}");
        }

        foreach (var record in records.Where(r => r.Type == PowerPointRecord.ExOleObjStgType && !r.IsContainer))
        {
            cancellation.ThrowIfCancellationRequested();
            if (await EmitObjectAsync(document.AsMemory(record.BodyOffset, record.Length), record, context, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                break;
            }
        }
    }

    private static async ValueTask<EmitResult> EmitObjectAsync(ReadOnlyMemory<byte> body, PowerPointRecord record, ScanContext context, CancellationToken cancellation)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{DocumentStream}/ExOleObjStg@{record.Offset:X}");
        if (record.Instance != 1)
        {
            return await context.EmitAsync(body, name, Relation.Embedded, cancellation).ConfigureAwait(false);
        }

        if (body.Length < 4)
        {
            context.Incomplete($"powerpoint: the compressed object at offset {record.Offset} has no size");
            return EmitResult.Refused;
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(body.Span);
        try
        {
            var inflated = new CountingReadStream(new ZLibStream(new MemoryStream(body[4..].ToArray(), writable: false), CompressionMode.Decompress));
            await using (inflated.ConfigureAwait(false))
            {
                var result = await context.EmitAsync(inflated, name, Relation.Embedded, packedSize: body.Length, cancellation).ConfigureAwait(false);
                if (result == EmitResult.Accepted && inflated.BytesRead < declared)
                {
                    context.Incomplete($"powerpoint: the compressed object at offset {record.Offset} inflates to {inflated.BytesRead} of its declared {declared} bytes");
                }

                return result;
            }
        }
        catch (InvalidDataException exception)
        {
            context.Incomplete($"powerpoint: the compressed object at offset {record.Offset} is damaged ({exception.Message})");
            return EmitResult.Refused;
        }
    }
}
