using System.IO.Compression;

namespace Crible.Tests;

/// <summary>Builds ZIP archives in memory for tests.</summary>
public static class TestZip
{
    public static byte[] Create(params (string Name, byte[] Content)[] members) => Create(CompressionLevel.Optimal, members);

    public static byte[] Create(CompressionLevel level, params (string Name, byte[] Content)[] members)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in members)
            {
                var entry = archive.CreateEntry(name, level);
                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Wraps <paramref name="content"/> in <paramref name="levels"/> nested archives.</summary>
    public static byte[] Nest(byte[] content, string innerName, int levels)
    {
        var current = content;
        var name = innerName;
        for (var level = 1; level <= levels; level++)
        {
            current = Create((name, current));
            name = $"level{level}.zip";
        }

        return current;
    }
}
