using System.Buffers.Binary;
using System.Text;
using Crible.Model;

namespace Crible.Scanners.Archives;

/// <summary>
/// The payload of an InstallShield setup launcher for MSI packages: near the start of the PE overlay,
/// "InstallShield\0", a 32-byte header (file count, then reserved bytes that are zero), then per file a 0x138-byte
/// block (the file name in a 260-byte field, the stored size at 0x10C) followed by the stored bytes, obfuscated and
/// zlib-compressed (see <see cref="InstallShieldObfuscatedStream"/>).
/// </summary>
internal static class InstallShieldMsiLauncher
{
    private const int SearchLength = 64 * 1024;
    private const int HeaderLength = 0x20;
    private const int BlockLength = 0x138;
    private const int NameFieldLength = 0x104;
    private const int StoredSizeOffset = 0x10C;
    private const int MaxFiles = 4096;

    private static ReadOnlySpan<byte> Marker => "InstallShield\0"u8;

    /// <param name="Name">The file name the block gives: a label, and the obfuscation key.</param>
    internal sealed record LauncherFile(string Name, byte[] NameBytes, long Offset, long StoredSize);

    /// <summary>The files, or null when the overlay does not start with this payload.</summary>
    public static List<LauncherFile>? Read(SampleData data, long overlayStart)
    {
        var window = new byte[(int)Math.Min(SearchLength, data.Length - overlayStart)];
        var read = SevenZipToolBytes.ReadAt(data, overlayStart, window);
        var found = window.AsSpan(0, read).IndexOf(Marker);
        if (found < 0)
        {
            return null;
        }

        var position = overlayStart + found + Marker.Length;
        Span<byte> header = stackalloc byte[HeaderLength];
        if (SevenZipToolBytes.ReadAt(data, position, header) < HeaderLength || header[8..].ContainsAnyExcept((byte)0))
        {
            return null;
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (count is 0 or > MaxFiles)
        {
            return null;
        }

        return ReadBlocks(data, position + HeaderLength, (int)count);
    }

    private static List<LauncherFile> ReadBlocks(SampleData data, long position, int count)
    {
        var files = new List<LauncherFile>(count);
        var block = new byte[BlockLength];
        for (var i = 0; i < count; i++)
        {
            if (SevenZipToolBytes.ReadAt(data, position, block) < BlockLength)
            {
                break;
            }

            var nameField = block.AsSpan(0, NameFieldLength);
            var nameLength = nameField.IndexOf((byte)0);
            var storedSize = BinaryPrimitives.ReadInt64LittleEndian(block.AsSpan(StoredSizeOffset));
            position += BlockLength;
            if (nameLength <= 0 || storedSize < 0 || storedSize > data.Length - position)
            {
                break;
            }

            var nameBytes = nameField[..nameLength].ToArray();
            files.Add(new LauncherFile(Encoding.Latin1.GetString(nameBytes), nameBytes, position, storedSize));
            position += storedSize;
        }

        return files;
    }
}
