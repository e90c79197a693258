using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Office.Ole;

/// <summary>One 128-byte directory entry (MS-CFB 2.6): a stream, a storage or the root.</summary>
/// <param name="Id">Its index in the directory.</param>
/// <param name="Name">Its name as stored (control characters such as \u0001 and \u0005 are part of real names).</param>
/// <param name="LeftSibling">Entry id or <see cref="NoStream"/>.</param>
/// <param name="RightSibling">Entry id or <see cref="NoStream"/>.</param>
/// <param name="Child">For storages, the root of the tree of its children, or <see cref="NoStream"/>.</param>
/// <param name="Clsid">The class of a storage (for the root: Word, Excel, MSI, Outlook...).</param>
/// <param name="StartSector">First sector of a stream (a mini sector when the stream is small).</param>
/// <param name="Size">Declared size in bytes; for version 3 files only the low 32 bits count.</param>
public sealed record CompoundFileDirectoryEntry(
    int Id,
    string Name,
    CompoundFileEntryType Type,
    uint LeftSibling,
    uint RightSibling,
    uint Child,
    Guid Clsid,
    uint StateBits,
    DateTime? Created,
    DateTime? Modified,
    uint StartSector,
    long Size)
{
    public const int Length = 128;
    public const uint NoStream = 0xFFFFFFFF;

    public bool IsStream => Type == CompoundFileEntryType.Stream;

    public bool IsStorage => Type is CompoundFileEntryType.Storage or CompoundFileEntryType.Root;

    public static CompoundFileDirectoryEntry Parse(ReadOnlySpan<byte> bytes, int id, int majorVersion)
    {
        if (bytes.Length < Length)
        {
            throw new InvalidDataException($"directory entry {id} is cut at {bytes.Length} bytes");
        }

        var nameLength = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(bytes[64..]), (ushort)64) & ~1;
        var name = Encoding.Unicode.GetString(bytes[..nameLength]);
        var terminator = name.IndexOf('\0', StringComparison.Ordinal);
        if (terminator >= 0)
        {
            name = name[..terminator];
        }

        var type = bytes[66] switch
        {
            1 => CompoundFileEntryType.Storage,
            2 => CompoundFileEntryType.Stream,
            5 => CompoundFileEntryType.Root,
            _ => CompoundFileEntryType.Unallocated,
        };
        var size = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(bytes[120..]), long.MaxValue);
        if (majorVersion == 3)
        {
            // Version 3 writers may leave garbage in the high half; readers are told to ignore it.
            size &= 0xFFFFFFFF;
        }

        return new CompoundFileDirectoryEntry(
            id,
            name,
            type,
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[68..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[72..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[76..]),
            new Guid(bytes.Slice(80, 16)),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[96..]),
            FileTime(BinaryPrimitives.ReadInt64LittleEndian(bytes[100..])),
            FileTime(BinaryPrimitives.ReadInt64LittleEndian(bytes[108..])),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[116..]),
            size);
    }

    private static DateTime? FileTime(long value) =>
        value > 0 && value <= DateTime.MaxValue.ToFileTimeUtc() ? DateTime.FromFileTimeUtc(value) : null;
}
