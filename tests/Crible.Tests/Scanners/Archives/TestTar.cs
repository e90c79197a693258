using System.Formats.Tar;
using System.IO.Compression;

namespace Crible.Tests.Scanners.Archives;

/// <summary>Builds tar and gzip data in memory for tests.</summary>
public static class TestTar
{
    public static byte[] Create(params (string Name, byte[] Content)[] members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in members)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }

        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    /// <summary>Wraps <paramref name="content"/> in <paramref name="levels"/> nested .tar.gz (two tree levels each).</summary>
    public static byte[] NestTarGz(byte[] content, string innerName, int levels)
    {
        var current = content;
        var name = innerName;
        for (var level = 1; level <= levels; level++)
        {
            current = Gzip(Create((name, current)));
            name = $"level{level}.tar.gz";
        }

        return current;
    }
}
