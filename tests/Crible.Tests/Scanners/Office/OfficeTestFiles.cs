using System.Buffers.Binary;
using System.Text;
using Crible.Model;
using Crible.Scanners.Office.Ole;

namespace Crible.Tests.Scanners.Office;

/// <summary>Builds and damages the office files the tests need.</summary>
internal static class OfficeTestFiles
{
    public const string ClamExeSha256 = "71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495";

    public static byte[] ClamExe => File.ReadAllBytes(TestPaths.ClamAvTestFile("clam.exe"));

    public static byte[] Strelka(string name) => File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", name));

    /// <summary>OLE Packager native data wrapping <paramref name="content"/>.</summary>
    public static byte[] PackageNativeData(string label, string sourcePath, string tempPath, byte[] content)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        writer.Write((ushort)2);
        writer.Write(Encoding.Latin1.GetBytes(label + "\0"));
        writer.Write(Encoding.Latin1.GetBytes(sourcePath + "\0"));
        writer.Write(0x00030000u);
        writer.Write((uint)(tempPath.Length + 1));
        writer.Write(Encoding.Latin1.GetBytes(tempPath + "\0"));
        writer.Write((uint)content.Length);
        writer.Write(content);
        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>An \u0001Ole10Native stream: the native data behind its 32-bit size.</summary>
    public static byte[] Ole10Native(byte[] nativeData) => [.. BitConverter.GetBytes((uint)nativeData.Length), .. nativeData];

    /// <summary>The byte offset of FAT entry <paramref name="sector"/> in a file written by the builder.</summary>
    public static int FatEntryOffset(byte[] file, uint sector)
    {
        var fatSector = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(76 + (4 * (int)(sector / 128))));
        return (int)((fatSector + 1) * 512) + (int)(sector % 128 * 4);
    }

    /// <summary>The byte offset of directory entry <paramref name="id"/> in a file written by the builder.</summary>
    public static int DirectoryEntryOffset(byte[] file, int id)
    {
        var start = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(48));
        return (int)((start + 1) * 512) + (id * 128);
    }

    /// <summary>The directory entry id the reader gives the entry at <paramref name="path"/>.</summary>
    public static CompoundFileDirectoryEntry Entry(byte[] file, string path)
    {
        using var compound = CompoundFile.Open(file);
        return compound.Find(path.Split('/')) ?? throw new InvalidOperationException($"no {path}");
    }

    public static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static ReportNode ClamExeNode(Report report) => Assert.Single(report.Nodes, n => n.Sha256 == ClamExeSha256 && n.DuplicateOf is null);
}
