using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Crible.Sandbox;

/// <summary>
/// File operations .NET does not offer, on byte-exact paths: what a sandboxed tool wrote may have names that are not
/// valid UTF-8 (an archive's raw code-page names), which .NET can list but never open again. Also: changing a
/// folder's owner, telling a regular file from a FIFO or device without opening it, and opening without following
/// a link or blocking.
/// </summary>
internal static partial class NativeFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x0001;
    private const uint StatxSize = 0x0200;
    private const int StatxBufferLength = 256;
    private const int StatxModeOffset = 28;
    private const int StatxSizeOffset = 40;
    private const int FileTypeMask = 0xF000;
    private const int OpenNonBlocking = 0x800;
    private const int OpenCloseOnExec = 0x80000;
    private const int DirentTypeOffset = 18;
    private const int DirentNameOffset = 19;
    private const int MaxLinkLength = 4096;

    public enum FileType
    {
        Missing,
        Regular,
        Directory,
        SymbolicLink,
        Other,
    }

    /// <summary>O_DIRECTORY and O_NOFOLLOW differ between x86-64 and ARM64.</summary>
    private static int OpenDirectoryFlag => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;

    private static int OpenNoFollowFlag => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    /// <summary>Gives a folder to the sandbox user; true on success.</summary>
    public static bool TryChangeOwner(string path, uint user, uint group) => Chown(path, user, group) == 0;

    public static FileType TypeOf(string path) => Stat(NullTerminated(path)).Type;

    /// <summary>The type and size of a path itself, a symbolic link not followed.</summary>
    public static unsafe (FileType Type, long Size) Stat(byte[] nullTerminatedPath)
    {
        var buffer = stackalloc byte[StatxBufferLength];
        fixed (byte* path = nullTerminatedPath)
        {
            return Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxSize, buffer) == 0 ? Decode(buffer) : (FileType.Missing, 0);
        }
    }

    /// <summary>The names in a folder (not "." nor ".."), byte-exact, without following a link to the folder.</summary>
    public static unsafe List<byte[]> ListDirectory(byte[] nullTerminatedPath, int maxEntries)
    {
        var names = new List<byte[]>();
        int descriptor;
        fixed (byte* path = nullTerminatedPath)
        {
            descriptor = Open(path, OpenDirectoryFlag | OpenNoFollowFlag | OpenCloseOnExec, 0);
        }

        if (descriptor < 0)
        {
            return names;
        }

        var directory = FdOpenDir(descriptor);
        if (directory == 0)
        {
            _ = Close(descriptor);
            return names;
        }

        try
        {
            nint entry;
            while (names.Count < maxEntries && (entry = ReadDir(directory)) != 0)
            {
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)entry + DirentNameOffset);
                if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
                {
                    names.Add(name.ToArray());
                }
            }
        }
        finally
        {
            _ = CloseDir(directory);
        }

        return names;
    }

    /// <summary>Opens a regular file for reading without following a link or blocking on a FIFO; null when the path
    /// is anything else or cannot be opened.</summary>
    public static unsafe FileStream? OpenRegularFile(byte[] nullTerminatedPath)
    {
        int descriptor;
        fixed (byte* path = nullTerminatedPath)
        {
            descriptor = Open(path, OpenNoFollowFlag | OpenNonBlocking | OpenCloseOnExec, 0);
        }

        if (descriptor < 0)
        {
            return null;
        }

        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        var buffer = stackalloc byte[StatxBufferLength];
        byte empty = 0;
        if (Statx(descriptor, &empty, AtEmptyPath, StatxType, buffer) != 0 || Decode(buffer).Type != FileType.Regular)
        {
            handle.Dispose();
            return null;
        }

        return new FileStream(handle, FileAccess.Read, 1);
    }

    /// <summary>A link's target as text (never followed), bounded.</summary>
    public static unsafe string ReadLink(byte[] nullTerminatedPath)
    {
        var buffer = stackalloc byte[MaxLinkLength];
        nint length;
        fixed (byte* path = nullTerminatedPath)
        {
            length = ReadLinkNative(path, buffer, MaxLinkLength);
        }

        return length <= 0 ? string.Empty : Encoding.UTF8.GetString(buffer, (int)length);
    }

    public static byte[] NullTerminated(string path) => [.. Encoding.UTF8.GetBytes(path), 0];

    private static unsafe (FileType Type, long Size) Decode(byte* statx)
    {
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(statx + StatxModeOffset, 2));
        var size = BinaryPrimitives.ReadInt64LittleEndian(new ReadOnlySpan<byte>(statx + StatxSizeOffset, 8));
        var type = (mode & FileTypeMask) switch
        {
            0x8000 => FileType.Regular,
            0x4000 => FileType.Directory,
            0xA000 => FileType.SymbolicLink,
            _ => FileType.Other,
        };
        return (type, size);
    }

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int Statx(int directory, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static unsafe partial int Open(byte* path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);

    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    private static partial nint FdOpenDir(int descriptor);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial nint ReadDir(nint directory);

    [LibraryImport("libc", EntryPoint = "closedir", SetLastError = true)]
    private static partial int CloseDir(nint directory);

    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true)]
    private static unsafe partial nint ReadLinkNative(byte* path, byte* buffer, nint size);
}
