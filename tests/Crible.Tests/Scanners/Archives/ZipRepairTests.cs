using System.IO.Compression;
using Crible.Model;

namespace Crible.Tests.Scanners.Archives;

/// <summary>ZIPs that lost their directory or use a method nobody decodes: what can be seen is, and the rest says why.</summary>
public sealed class ZipRepairTests
{
    private const string ClamExeSha256 = "71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495";

    [Fact]
    public async Task A_zip_cut_before_its_central_directory_still_yields_its_member()
    {
        var program = await File.ReadAllBytesAsync(TestPaths.ClamAvTestFile("clam.exe"));
        var whole = TestZip.Create(("clam.exe", program), ("padding.txt", new byte[4096]));
        var directory = whole.AsSpan().LastIndexOf("PK\u0001\u0002"u8);
        var firstDirectoryEntry = whole.AsSpan().IndexOf("PK\u0001\u0002"u8);

        var report = await TestEngine.Default.AnalyseAsync(whole[..(firstDirectoryEntry - 10)], "cut.zip");

        Assert.True(directory > 0);
        var member = Assert.Single(report.Nodes, n => n.Sha256 == ClamExeSha256);
        Assert.Equal(Relation.Extracted, member.Relation);
        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("zip: the central directory is damaged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_in_an_undecodable_method_is_named_in_the_reason()
    {
        var zip = TestZip.Create(CompressionLevel.NoCompression, ("song.wv", "not really wavpack"u8.ToArray()), ("readme.txt", "hello"u8.ToArray()));
        SetMethod(zip, entry: 0, method: 97);

        var report = await TestEngine.Default.AnalyseAsync(zip, "wavpack.zip");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains("zip: member song.wv uses compression method 97 (WavPack), which cannot be decompressed here", report.Nodes[0].Incomplete);
        Assert.Single(report.Nodes, n => n.Name == "readme.txt");
    }

    [Theory]
    [InlineData("clam.d64.zip", "Deflate64")]
    [InlineData("clam.bz2.zip", "bzip2")]
    [InlineData("clam.impl.zip", "implode")]
    public async Task Legacy_zip_methods_are_decoded(string name, string method)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile(name));

        Assert.True(report.Nodes.Any(n => n.Sha256 == ClamExeSha256), $"{method} member not decoded");
        Assert.Empty(report.Nodes[0].Incomplete);
    }

    /// <summary>Rewrites the method of the n-th member in its local header and its directory entry.</summary>
    private static void SetMethod(byte[] zip, int entry, ushort method)
    {
        var local = Nth(zip, "PK\u0003\u0004"u8, entry);
        var central = Nth(zip, "PK\u0001\u0002"u8, entry);
        BitConverter.TryWriteBytes(zip.AsSpan(local + 8, 2), method);
        BitConverter.TryWriteBytes(zip.AsSpan(central + 10, 2), method);
    }

    private static int Nth(byte[] bytes, ReadOnlySpan<byte> signature, int n)
    {
        var offset = -1;
        for (var i = 0; i <= n; i++)
        {
            var next = bytes.AsSpan(offset + 1).IndexOf(signature);
            offset = next < 0 ? throw new InvalidOperationException("signature not found") : offset + 1 + next;
        }

        return offset;
    }
}
