using System.Buffers.Binary;
using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office.Encryption;

/// <summary>
/// A Word 97-2003 document encrypted with RC4 or RC4 CryptoAPI (MS-DOC 2.2.6.2): the WordDocument stream after the
/// first 68 bytes of its FIB, the table stream after its encryption header and the Data stream are encrypted, each
/// from its own block 0. Decrypting gives a compound file again, the three streams decrypted, the FIB marked not
/// encrypted, and every other stream (macros, embedded objects) copied as it is.
/// </summary>
internal sealed class WordEncryptedDocument : IEncryptedDocument
{
    private const int ClearFibLength = 68;
    private const int FibFlagsOffset = 10;
    private const int KeyOffset = 14;
    private const ushort WordIdentifier = 0xA5EC;
    private const ushort EncryptedFlag = 0x0100;
    private const ushort TableFlag = 0x0200;
    private const ushort ObfuscatedFlag = 0x8000;
    private readonly CompoundFile _file;
    private readonly Rc4DocumentKey _key;
    private readonly string _tableName;
    private readonly int _headerLength;

    private WordEncryptedDocument(CompoundFile file, Rc4DocumentKey key, string tableName, int headerLength)
    {
        (_file, _key, _tableName, _headerLength) = (file, key, tableName, headerLength);
    }

    public string Scheme => _key.Scheme;

    public long HashesPerPassword => 1;

    public static WordEncryptedDocument Open(CompoundFile file, int maxBytes)
    {
        var fib = file.ReadStream(file.Find("WordDocument")!, ClearFibLength, out _);
        if (fib.Length < ClearFibLength || BinaryPrimitives.ReadUInt16LittleEndian(fib) != WordIdentifier)
        {
            throw new FormatException("the WordDocument stream has no FIB");
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(fib.AsSpan(FibFlagsOffset));
        if ((flags & EncryptedFlag) == 0 || (flags & ObfuscatedFlag) != 0)
        {
            throw new FormatException((flags & EncryptedFlag) == 0 ? "the FIB does not say the document is encrypted" : "Word XOR obfuscation is not supported");
        }

        var tableName = (flags & TableFlag) != 0 ? "1Table" : "0Table";
        var table = file.Find(tableName) is { IsStream: true } entry ? file.ReadStream(entry, Math.Min(maxBytes, 64 * 1024), out _) : [];
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(fib.AsSpan(KeyOffset));
        if (headerLength < 4 || headerLength > table.Length)
        {
            throw new FormatException($"the FIB gives a {headerLength}-byte encryption header in a {table.Length}-byte {tableName} stream");
        }

        var reader = new SpanReader(table.AsSpan(0, headerLength));
        return new WordEncryptedDocument(file, Rc4DocumentKey.Read(ref reader, "Word"), tableName, headerLength);
    }

    public bool TryPassword(string password, CancellationToken cancellation) => _key.TryPassword(password);

    public DecryptedDocument Decrypt(long maxBytes, CancellationToken cancellation)
    {
        var problems = new List<string>();
        var copy = StorageCopier.Copy(_file, _file.Root, maxBytes, asMessage: false, out var complete, (path, content) =>
        {
            cancellation.ThrowIfCancellationRequested();
            return path.Length != 1 ? content
                : path[0] == "WordDocument" ? DecryptWordDocument(content)
                : path[0] == _tableName ? DecryptKeepingClear(content, _headerLength)
                : path[0] == "Data" ? _key.Decrypt(content)
                : content;
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

        return new DecryptedDocument(copy, problems);
    }

    /// <summary>The FIB's first 68 bytes stay clear; it is then marked neither encrypted nor obfuscated, with no key,
    /// so the document reads like one that never was encrypted.</summary>
    private byte[] DecryptWordDocument(byte[] content)
    {
        var decrypted = DecryptKeepingClear(content, ClearFibLength);
        if (decrypted.Length >= ClearFibLength)
        {
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(decrypted.AsSpan(FibFlagsOffset));
            BinaryPrimitives.WriteUInt16LittleEndian(decrypted.AsSpan(FibFlagsOffset), (ushort)(flags & ~(EncryptedFlag | ObfuscatedFlag)));
            BinaryPrimitives.WriteInt32LittleEndian(decrypted.AsSpan(KeyOffset), 0);
        }

        return decrypted;
    }

    private byte[] DecryptKeepingClear(byte[] content, int clearLength)
    {
        var decrypted = _key.Decrypt(content);
        content.AsSpan(0, Math.Min(clearLength, content.Length)).CopyTo(decrypted);
        return decrypted;
    }
}
