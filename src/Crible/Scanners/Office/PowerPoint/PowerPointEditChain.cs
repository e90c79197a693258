using System.Buffers.Binary;

namespace Crible.Scanners.Office.PowerPoint;

/// <summary>One persist object as a persist directory lists it: its identifier and where its record starts.</summary>
internal readonly record struct PowerPointPersistObject(int PersistId, int Offset);

/// <summary>
/// The user edits of a PowerPoint binary presentation (MS-PPT 2.3.2 to 2.3.4): the CurrentUserAtom leads to the
/// current UserEditAtom, each edit to its PersistDirectoryAtom and to the edit before it. The chain is bounded and
/// may not loop; a persist offset outside the stream is left out. Damage is an <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class PowerPointEditChain
{
    public const uint EncryptedToken = 0xF3D1C4DF;
    public const uint PlainToken = 0xE391C05F;
    public const int HeaderTokenOffset = 12;
    public const int CryptSession10ContainerType = 0x2F14;
    private const int CurrentUserAtomType = 0x0FF6;
    private const int UserEditAtomType = 0x0FF5;
    private const int PersistDirectoryAtomType = 0x1772;
    private const int UserEditLength = 0x1C;
    private const int EncryptSessionField = PowerPointRecord.HeaderLength + UserEditLength;
    private const int MaxEdits = 4096;

    private PowerPointEditChain(int currentEdit, uint? encryptSessionPersistId, List<PowerPointPersistObject> objects, HashSet<int> clearOffsets)
    {
        (CurrentEditOffset, EncryptSessionPersistId, Objects, ClearRecordOffsets) = (currentEdit, encryptSessionPersistId, objects, clearOffsets);
    }

    /// <summary>Where the current UserEditAtom starts in the PowerPoint Document stream.</summary>
    public int CurrentEditOffset { get; }

    /// <summary>Where the current edit's encryptSessionPersistIdRef is, from the start of the stream.</summary>
    public int EncryptSessionFieldOffset => CurrentEditOffset + EncryptSessionField;

    /// <summary>The persist object holding the CryptSession10Container, when the current edit names one.</summary>
    public uint? EncryptSessionPersistId { get; }

    /// <summary>Every pair of every persist directory, the current edit's first; an identifier an older edit lists
    /// again is an object that edit made obsolete, still in the stream.</summary>
    public IReadOnlyList<PowerPointPersistObject> Objects { get; }

    /// <summary>The UserEditAtom and PersistDirectoryAtom records, which an encrypted presentation keeps clear.</summary>
    public IReadOnlySet<int> ClearRecordOffsets { get; }

    /// <summary>The offset of a persist object, as the current edit sees it (the newest edit listing it wins).</summary>
    public int? OffsetOf(uint persistId) => Objects.Where(o => o.PersistId == persistId).Select(o => (int?)o.Offset).FirstOrDefault();

    public static PowerPointEditChain Read(ReadOnlySpan<byte> currentUser, ReadOnlySpan<byte> document)
    {
        if (currentUser.Length < 20 || BinaryPrimitives.ReadUInt16LittleEndian(currentUser[2..]) != CurrentUserAtomType)
        {
            throw new InvalidDataException($"the Current User stream holds no CurrentUserAtom ({currentUser.Length} bytes)");
        }

        var current = BinaryPrimitives.ReadUInt32LittleEndian(currentUser[16..]);
        var objects = new List<PowerPointPersistObject>();
        var clear = new HashSet<int>();
        var edits = new HashSet<uint>();
        uint? session = null;
        var edit = current;
        while (true)
        {
            if (edits.Count >= MaxEdits || !edits.Add(edit))
            {
                throw new InvalidDataException(edits.Count >= MaxEdits ? $"more than {MaxEdits} user edits" : $"the user edits loop back to offset {edit}");
            }

            var atom = Record(document, edit, UserEditAtomType, "UserEditAtom");
            if (atom.Length < UserEditLength)
            {
                throw new InvalidDataException($"the UserEditAtom at offset {edit} is {atom.Length} bytes, not {UserEditLength}");
            }

            if (edits.Count == 1 && atom.Length >= UserEditLength + 4)
            {
                session = BinaryPrimitives.ReadUInt32LittleEndian(atom[UserEditLength..]);
            }

            var directory = BinaryPrimitives.ReadUInt32LittleEndian(atom[12..]);
            ReadDirectory(Record(document, directory, PersistDirectoryAtomType, "PersistDirectoryAtom"), document.Length, objects);
            clear.Add((int)edit);
            clear.Add((int)directory);
            edit = BinaryPrimitives.ReadUInt32LittleEndian(atom[8..]);
            if (edit == 0)
            {
                return new PowerPointEditChain((int)current, session, objects, clear);
            }
        }
    }

    /// <summary>PersistDirectoryEntry records: a 20-bit first identifier and a 12-bit count, then as many offsets.</summary>
    private static void ReadDirectory(ReadOnlySpan<byte> body, int streamLength, List<PowerPointPersistObject> objects)
    {
        var reader = new SpanReader(body);
        while (reader.Remaining >= 4)
        {
            var entry = reader.ReadUInt32();
            var (first, count) = ((int)(entry & 0xFFFFF), (int)(entry >> 20));
            for (var i = 0; i < count; i++)
            {
                var offset = reader.ReadUInt32();
                if (offset + (long)PowerPointRecord.HeaderLength <= streamLength)
                {
                    objects.Add(new PowerPointPersistObject(first + i, (int)offset));
                }
            }
        }
    }

    private static ReadOnlySpan<byte> Record(ReadOnlySpan<byte> document, uint offset, int type, string name)
    {
        if (offset + (long)PowerPointRecord.HeaderLength > document.Length)
        {
            throw new InvalidDataException($"the {name} offset {offset} is past the end of the {document.Length}-byte PowerPoint Document stream");
        }

        var found = BinaryPrimitives.ReadUInt16LittleEndian(document[((int)offset + 2)..]);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(document[((int)offset + 4)..]);
        var bodyStart = (int)offset + PowerPointRecord.HeaderLength;
        if (found != type || length > (uint)(document.Length - bodyStart))
        {
            throw new InvalidDataException(found != type
                ? $"offset {offset} holds a record 0x{found:X4}, not the {name}"
                : $"the {name} at offset {offset} claims {length} bytes, {document.Length - bodyStart} are left");
        }

        return document.Slice(bodyStart, (int)length);
    }
}
