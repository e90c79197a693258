using System.Buffers.Binary;
using Crible.Scanners.Office.Ole;
using Crible.Scanners.Office.PowerPoint;

namespace Crible.Scanners.Office.Encryption;

/// <summary>
/// A PowerPoint 97-2003 presentation encrypted with RC4 CryptoAPI (MS-PPT 2.3.7): the current edit names the persist
/// object holding a CryptSession10Container, whose body is the encryption header and verifier. Every other persist
/// object is encrypted as one RC4 stream keyed with its persist id as the block number, the Pictures stream field by
/// field with block 0. Decrypting gives a compound file again that reads as a presentation never encrypted: persist
/// objects and pictures decrypted, the CryptSession10Container made an atom no reader enters, the edit's reference
/// to it cleared and the Current User token the unencrypted one. The encrypted document properties
/// (EncryptedSummary) are left out; every other stream (VBA, embedded objects) is copied as it is.
/// </summary>
internal sealed class PowerPointEncryptedDocument : IEncryptedDocument
{
    public const string DocumentStream = "PowerPoint Document";
    private const string CurrentUserStream = "Current User";
    private const int MaxCurrentUserBytes = 4096;
    private readonly CompoundFile _file;
    private readonly Rc4DocumentKey _key;
    private readonly PowerPointEditChain _edits;
    private readonly int _sessionOffset;

    private PowerPointEncryptedDocument(CompoundFile file, Rc4DocumentKey key, PowerPointEditChain edits, int sessionOffset)
    {
        (_file, _key, _edits, _sessionOffset) = (file, key, edits, sessionOffset);
    }

    public string Scheme => _key.Scheme;

    public long HashesPerPassword => 1;

    public static PowerPointEncryptedDocument Open(CompoundFile file, int maxBytes)
    {
        if (file.Find(CurrentUserStream) is not { IsStream: true } user)
        {
            throw new FormatException("the presentation has no Current User stream to find its current edit");
        }

        var document = file.ReadStream(file.Find(DocumentStream)!, maxBytes, out _);
        var edits = PowerPointEditChain.Read(file.ReadStream(user, MaxCurrentUserBytes, out _), document);
        if (edits.EncryptSessionPersistId is not { } session)
        {
            throw new FormatException("the current edit names no encryption session (CryptSession10Container)");
        }

        if (edits.OffsetOf(session) is not { } offset
            || BinaryPrimitives.ReadUInt16LittleEndian(document.AsSpan(offset + 2)) != PowerPointEditChain.CryptSession10ContainerType)
        {
            throw new InvalidDataException($"persist object {session} is not a CryptSession10Container");
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(document.AsSpan(offset + 4));
        var body = document.AsSpan(offset + PowerPointRecord.HeaderLength);
        var reader = new SpanReader(body[..(int)Math.Min(length, (uint)body.Length)]);
        var major = reader.ReadUInt16();
        var minor = reader.ReadUInt16();
        if (major is not (2 or 3 or 4) || minor != 2)
        {
            throw new FormatException($"PowerPoint encryption version {major}.{minor} is not RC4 CryptoAPI");
        }

        reader.Skip(4);
        return new PowerPointEncryptedDocument(file, Rc4DocumentKey.CryptoApi(ref reader), edits, offset);
    }

    public bool TryPassword(string password, CancellationToken cancellation) => _key.TryPassword(password);

    public DecryptedDocument Decrypt(long maxBytes, CancellationToken cancellation)
    {
        var problems = new List<string>();
        var copy = StorageCopier.Copy(_file, _file.Root, maxBytes, asMessage: false, out var complete, (path, content) =>
        {
            cancellation.ThrowIfCancellationRequested();
            return path.Length != 1 ? content
                : path[0] == DocumentStream ? DecryptDocument(content, problems)
                : path[0] == CurrentUserStream ? MarkNotEncrypted(content)
                : path[0] == "Pictures" ? PowerPointPicturesDecryptor.Decrypt(content, _key, problems)
                : path[0] == "EncryptedSummary" ? null
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

    /// <summary>Each persist object of every edit decrypted in place from the encrypted bytes, never past the next
    /// record the edits know of (a top-level record cannot hold another), bounded to twice the stream's length of
    /// work when several persist ids share an offset.</summary>
    private byte[] DecryptDocument(byte[] content, List<string> problems)
    {
        var output = content.ToArray();
        var starts = _edits.Objects.Select(o => o.Offset).Concat(_edits.ClearRecordOffsets).Append(_sessionOffset).Distinct().Order().ToArray();
        var budget = 2L * content.Length;
        foreach (var (persistId, offset) in _edits.Objects.Distinct())
        {
            if (offset == _sessionOffset || _edits.ClearRecordOffsets.Contains(offset) || offset > content.Length - PowerPointRecord.HeaderLength)
            {
                continue;
            }

            var header = _key.DecryptAsOneBlock(content.AsSpan(offset, PowerPointRecord.HeaderLength), persistId);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            var next = Array.BinarySearch(starts, offset) + 1;
            var room = Math.Min(next < starts.Length ? starts[next] : content.Length, content.Length) - offset - PowerPointRecord.HeaderLength;
            if (length > (uint)Math.Max(room, 0))
            {
                problems.Add($"persist object {persistId} at offset {offset} claims {length} bytes, {Math.Max(room, 0)} are left before the next record; it was decrypted that far");
            }

            var whole = PowerPointRecord.HeaderLength + (int)Math.Min(length, (uint)Math.Max(room, 0));
            if ((budget -= whole) < 0)
            {
                problems.Add("too many persist objects share offsets; the rest were left encrypted");
                break;
            }

            _key.DecryptAsOneBlock(content.AsSpan(offset, whole), persistId).CopyTo(output, offset);
        }

        if (_sessionOffset <= output.Length - PowerPointRecord.HeaderLength)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(_sessionOffset), 0);
        }

        if (_edits.EncryptSessionFieldOffset <= output.Length - 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(_edits.EncryptSessionFieldOffset), 0);
        }

        return output;
    }

    private static byte[] MarkNotEncrypted(byte[] content)
    {
        var marked = content.ToArray();
        if (marked.Length >= PowerPointEditChain.HeaderTokenOffset + 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(marked.AsSpan(PowerPointEditChain.HeaderTokenOffset), PowerPointEditChain.PlainToken);
        }

        return marked;
    }
}
