using System.Buffers.Binary;
using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office.Encryption;

/// <summary>
/// An Excel 97-2003 workbook encrypted with RC4 or RC4 CryptoAPI (MS-XLS 2.2.10): the FILEPASS record after the
/// globals' BOF holds the encryption header, and the Workbook stream is encrypted in 1024-byte blocks counted from
/// its first byte. Record headers stay clear (the key stream still runs over them), and so do a few records (BOF,
/// FILEPASS, USREXCL, FILELOCK, INTERFACEHDR, RRDINFO, RRDHEAD) and each BOUNDSHEET's stream position. Decrypting
/// gives a compound file again, the Workbook stream decrypted with its FILEPASS record blanked (type 0, zero bytes,
/// its length kept so every stream position stays right, as msoffcrypto-tool does), every other stream copied.
/// </summary>
internal sealed class ExcelEncryptedDocument : IEncryptedDocument
{
    public const string WorkbookStream = "Workbook";
    private const int BlockLength = 1024;
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxGlobalsRecords = 4096;
    private const ushort BofRecord = 0x0809;
    private const ushort EofRecord = 0x000A;
    private const ushort FilePassRecord = 0x002F;
    private const ushort BoundSheetRecord = 0x0085;
    private const int ClearBoundSheetBytes = 4;
    private const string EncryptionStream = "encryption";

    /// <summary>Records the spec keeps clear: BOF, FILEPASS, USREXCL, FILELOCK, INTERFACEHDR, RRDINFO, RRDHEAD.</summary>
    private static readonly HashSet<ushort> ClearRecords = [BofRecord, FilePassRecord, 0x0194, 0x0195, 0x00E1, 0x0196, 0x0138];

    private readonly CompoundFile _file;
    private readonly Rc4DocumentKey _key;

    private ExcelEncryptedDocument(CompoundFile file, Rc4DocumentKey key) => (_file, _key) = (file, key);

    public string Scheme => _key.Scheme;

    public long HashesPerPassword => 1;

    public static ExcelEncryptedDocument Open(CompoundFile file, int maxBytes)
    {
        var head = file.ReadStream(file.Find(WorkbookStream)!, Math.Min(maxBytes, MaxHeadBytes), out _);
        if (head.Length < 4 || BinaryPrimitives.ReadUInt16LittleEndian(head) != BofRecord)
        {
            throw new FormatException("the Workbook stream does not start with a BOF record");
        }

        var reader = new SpanReader(FilePass(head));
        var type = reader.ReadUInt16();
        if (type != 1)
        {
            throw new FormatException(type == 0 ? "Excel XOR obfuscation is not supported" : $"the FILEPASS record gives encryption type {type}, neither XOR (0) nor RC4 (1)");
        }

        return new ExcelEncryptedDocument(file, Rc4DocumentKey.Read(ref reader, "Excel"));
    }

    public bool TryPassword(string password, CancellationToken cancellation) => _key.TryPassword(password);

    public DecryptedDocument Decrypt(long maxBytes, CancellationToken cancellation)
    {
        var problems = new List<string>();
        var copy = StorageCopier.Copy(_file, _file.Root, maxBytes, asMessage: false, out var complete, (path, content) =>
        {
            cancellation.ThrowIfCancellationRequested();
            return path.Length == 1 && string.Equals(path[0], WorkbookStream, StringComparison.OrdinalIgnoreCase) ? DecryptWorkbook(content) : content;
        });
        if (copy is null)
        {
            problems.Add($"the decrypted document would be larger than {maxBytes} bytes (streams sharing sectors)");
            return new DecryptedDocument([], problems);
        }

        if (!complete)
        {
            problems.Add("some streams are damaged; what could be read was decrypted");
        }

        if (_file.Find(EncryptionStream) is { IsStream: true })
        {
            problems.Add("the 'encryption' stream is not decrypted: what RC4 CryptoAPI moves there (summary properties, controls, embedded objects) is not analysed");
        }

        return new DecryptedDocument(copy, problems);
    }

    /// <summary>The body of the FILEPASS record among the globals' first records (before their EOF).</summary>
    private static ReadOnlySpan<byte> FilePass(ReadOnlySpan<byte> head)
    {
        var offset = 0;
        for (var count = 0; count < MaxGlobalsRecords && offset + 4 <= head.Length; count++)
        {
            var type = BinaryPrimitives.ReadUInt16LittleEndian(head[offset..]);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(head[(offset + 2)..]);
            if (type == FilePassRecord)
            {
                return offset + 4 + length <= head.Length
                    ? head.Slice(offset + 4, length)
                    : throw new FormatException($"the {length}-byte FILEPASS record at offset {offset} runs past the end of the Workbook stream");
            }

            if (type == EofRecord)
            {
                break;
            }

            offset += 4 + length;
        }

        throw new FormatException("no FILEPASS record among the workbook globals");
    }

    /// <summary>The whole stream through the key stream, then what the spec keeps clear put back from the original.
    /// Every record is at least its 4-byte header, so the walk ends within the stream's length.</summary>
    private byte[] DecryptWorkbook(byte[] content)
    {
        var decrypted = _key.Decrypt(content, BlockLength);
        var offset = 0;
        while (offset < content.Length)
        {
            var headerLength = Math.Min(4, content.Length - offset);
            content.AsSpan(offset, headerLength).CopyTo(decrypted.AsSpan(offset));
            if (headerLength < 4)
            {
                break;
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(content.AsSpan(offset));
            var length = BinaryPrimitives.ReadUInt16LittleEndian(content.AsSpan(offset + 2));
            var body = Math.Min(length, content.Length - offset - 4);
            var clear = ClearRecords.Contains(type) ? body : type == BoundSheetRecord ? Math.Min(ClearBoundSheetBytes, body) : 0;
            content.AsSpan(offset + 4, clear).CopyTo(decrypted.AsSpan(offset + 4));
            if (type == FilePassRecord)
            {
                // Blanked rather than removed: BOUNDSHEET and INDEX records hold stream positions past it.
                decrypted.AsSpan(offset, 2).Clear();
                decrypted.AsSpan(offset + 4, body).Clear();
            }

            offset += 4 + length;
        }

        return decrypted;
    }
}
