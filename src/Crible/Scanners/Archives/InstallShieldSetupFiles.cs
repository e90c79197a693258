using System.Globalization;
using System.Text;
using Crible.Model;

namespace Crible.Scanners.Archives;

/// <summary>
/// The payload an InstallShield setup launcher appends to itself: one record per file, four NUL-terminated strings
/// (file name, path on the disk, version, decimal size) followed by the file's bytes. Read with every string and
/// size bounded; reading stops at the first record that does not fit.
/// </summary>
internal static class InstallShieldSetupFiles
{
    private const int MaxRecords = 4096;
    private const int MaxStringLength = 260;
    private const int MaxSizeDigits = 18;

    /// <param name="Name">The file name the record gives: a label only.</param>
    internal sealed record SetupFile(string Name, long Offset, long Length);

    public static List<SetupFile> Read(SampleData data, long overlayStart, int maxRecords = MaxRecords)
    {
        var files = new List<SetupFile>();
        using var stream = data.OpenRead();
        var position = overlayStart;
        while (files.Count < Math.Min(maxRecords, MaxRecords) && position < data.Length)
        {
            stream.Position = position;
            var name = ReadString(stream);
            var path = name is null ? null : ReadString(stream);
            var version = path is null ? null : ReadString(stream);
            var sizeText = version is null ? null : ReadString(stream);
            if (name is not { Length: > 0 } || sizeText is not { Length: > 0 and <= MaxSizeDigits } ||
                !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ||
                size > data.Length - stream.Position)
            {
                break;
            }

            files.Add(new SetupFile(name, stream.Position, size));
            position = stream.Position + size;
        }

        return files;
    }

    /// <summary>A NUL-terminated string of printable characters, or null when there is none within the bound.</summary>
    private static string? ReadString(Stream stream)
    {
        var bytes = new List<byte>(32);
        while (bytes.Count <= MaxStringLength)
        {
            var value = stream.ReadByte();
            if (value < 0)
            {
                return null;
            }

            if (value == 0)
            {
                return Encoding.Latin1.GetString([.. bytes]);
            }

            if (value < 0x20 || value == 0x7F)
            {
                return null;
            }

            bytes.Add((byte)value);
        }

        return null;
    }
}
