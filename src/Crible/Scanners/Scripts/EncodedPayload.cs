using System.IO.Compression;
using System.Text;

namespace Crible.Scanners.Scripts;

/// <summary>Turns the bytes behind a Base64 literal into what the script will use: decompressed when they are
/// gzip, zlib or (when the script names a DeflateStream) raw deflate, and UTF-16LE text re-encoded as UTF-8.</summary>
internal static class EncodedPayload
{
    /// <returns>The payload, whether it was decompressed, and whether it was cut at <paramref name="maxOutput"/>.</returns>
    public static (byte[] Data, bool Decompressed, bool Truncated) Unwrap(byte[] decoded, bool deflateNamed, long maxOutput)
    {
        Stream? decompressor = decoded switch
        {
            [0x1F, 0x8B, ..] => new GZipStream(new MemoryStream(decoded), CompressionMode.Decompress),
            [0x78, 0x01 or 0x5E or 0x9C or 0xDA, ..] => new ZLibStream(new MemoryStream(decoded), CompressionMode.Decompress),
            _ when deflateNamed => new DeflateStream(new MemoryStream(decoded), CompressionMode.Decompress),
            _ => null,
        };
        if (decompressor is null)
        {
            return (decoded, false, false);
        }

        using (decompressor)
        {
            var output = new MemoryStream();
            var buffer = new byte[81920];
            try
            {
                int read;
                while ((read = decompressor.Read(buffer, 0, buffer.Length)) > 0)
                {
                    var room = maxOutput - output.Length;
                    output.Write(buffer, 0, (int)Math.Min(read, room));
                    if (read >= room)
                    {
                        return (output.ToArray(), true, true);
                    }
                }
            }
            catch (InvalidDataException)
            {
                // Not compressed after all (or damaged): what decoded so far, or the Base64 bytes themselves.
                return output.Length > 0 ? (output.ToArray(), true, false) : (decoded, false, false);
            }

            return (output.ToArray(), true, false);
        }
    }

    /// <summary>UTF-16LE text (what PowerShell's -EncodedCommand and [Text.Encoding]::Unicode hold) as UTF-8; other
    /// bytes unchanged.</summary>
    public static byte[] Utf16ToUtf8(byte[] data)
    {
        if (data.Length < 4 || data.Length % 2 != 0)
        {
            return data;
        }

        var sample = Math.Min(data.Length, 4096);
        var zeros = 0;
        for (var index = 1; index < sample; index += 2)
        {
            zeros += data[index] == 0 ? 1 : 0;
        }

        return zeros * 2 >= sample * 8 / 10 ? Encoding.UTF8.GetBytes(Encoding.Unicode.GetString(data)) : data;
    }
}
