using System.IO.Compression;
using System.Text;

namespace Crible.Tests.Identification;

/// <summary>Builds small files of known formats for identification tests.</summary>
internal static class SampleFiles
{
    public static byte[] Zip(params (string Name, string Content)[] entries) => Zip(entries, storeFirst: false);

    /// <summary>A ZIP; with <paramref name="storeFirst"/> the first entry is stored, as OpenDocument requires of
    /// its "mimetype".</summary>
    public static byte[] Zip((string Name, string Content)[] entries, bool storeFirst)
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < entries.Length; i++)
            {
                var entry = archive.CreateEntry(entries[i].Name, i == 0 && storeFirst ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
                writer.Write(entries[i].Content);
            }
        }

        return memory.ToArray();
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>A buffer of <paramref name="length"/> zero bytes with <paramref name="bytes"/> written at
    /// <paramref name="offset"/>.</summary>
    public static byte[] At(int length, int offset, params byte[] bytes)
    {
        var buffer = new byte[length];
        bytes.CopyTo(buffer, offset);
        return buffer;
    }

    /// <summary>An old-style (v7) tar header for one file, with a correct checksum and no ustar magic.</summary>
    public static byte[] V7Tar(string name, string content)
    {
        var header = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(header, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(header, 100);
        Encoding.ASCII.GetBytes("0001750\0").CopyTo(header, 108);
        Encoding.ASCII.GetBytes("0001750\0").CopyTo(header, 116);
        Encoding.ASCII.GetBytes(Convert.ToString(content.Length, 8).PadLeft(11, '0') + "\0").CopyTo(header, 124);
        Encoding.ASCII.GetBytes("14366335015\0").CopyTo(header, 136);
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = header.Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        var data = new byte[512];
        Encoding.ASCII.GetBytes(content).CopyTo(data, 0);
        return Concat(header, data, new byte[1024]);
    }
}
