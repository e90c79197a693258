using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Crible.Sandbox;

/// <summary>The two file operations .NET does not offer: changing a folder's owner, and telling a regular file from
/// a FIFO or device without opening it (opening a FIFO blocks).</summary>
internal static partial class NativeFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x0001;
    private const int StatxBufferLength = 256;
    private const int StatxModeOffset = 28;
    private const int FileTypeMask = 0xF000;

    public enum FileType
    {
        Missing,
        Regular,
        Directory,
        SymbolicLink,
        Other,
    }

    /// <summary>Gives a folder to the sandbox user; true on success.</summary>
    public static bool TryChangeOwner(string path, uint user, uint group) => Chown(path, user, group) == 0;

    /// <summary>The type of a path itself, a symbolic link not followed.</summary>
    public static unsafe FileType TypeOf(string path)
    {
        var buffer = stackalloc byte[StatxBufferLength];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
        {
            return FileType.Missing;
        }

        var mode = BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(buffer + StatxModeOffset, 2));
        return (mode & FileTypeMask) switch
        {
            0x8000 => FileType.Regular,
            0x4000 => FileType.Directory,
            0xA000 => FileType.SymbolicLink,
            _ => FileType.Other,
        };
    }

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}
