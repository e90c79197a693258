using System.Security.Cryptography;
using Crible.Model;
using Crible.Scanners.Executables.Pe;
using Crible.Scanners.Executables.Upx;

namespace Crible.Tests.Scanners.Executables;

public sealed class UpxTests
{
    private static readonly byte[] ClamExe = File.ReadAllBytes(TestPaths.ClamAvTestFile("clam.exe"));

    [Fact]
    public void The_upx_clam_program_unpacks_to_the_sections_of_the_unpacked_carrier()
    {
        var packed = File.ReadAllBytes(TestPaths.ClamAvTestFile("clam-upx.exe"));
        var header = UpxPackHeader.Find(packed);
        Assert.NotNull(header);
        Assert.Equal("NRV2B", header.MethodName);

        var (unpacked, problem) = UpxUnpacker.Unpack(packed, header, [0x400], 1 << 24);

        Assert.Null(problem);
        Assert.NotNull(unpacked);
        // clam-fsg.exe is the same carrier program left unpacked: the section that carries clam.exe must come out
        // byte for byte at its address (UPX lays the sections out from the first one's, 0x1000).
        var carrier = PeFile.Parse(File.ReadAllBytes(TestPaths.ClamAvTestFile("clam-fsg.exe")));
        Assert.NotNull(carrier);
        var payload = carrier.Sections.Single(s => s.Name == ".clamav");
        Assert.True(carrier.RawData(payload).SequenceEqual(unpacked.Data.AsSpan((int)(payload.VirtualAddress - 0x1000), (int)payload.RawSize)));
        Assert.Equal(0x3de0, unpacked.Data.AsSpan().IndexOf(ClamExe));

        // Once UPX's call/jump filter is undone, the code is the carrier's too.
        Assert.Equal(0x26, header.Filter);
        var text = carrier.Sections.Single(s => s.Name == ".text");
        Assert.False(carrier.RawData(text)[..(int)text.VirtualSize].SequenceEqual(unpacked.Data.AsSpan(0, (int)text.VirtualSize)));
        Assert.Equal(1, UpxFilter.Undo(unpacked.Data, header.Filter, header.FilterCto, 0, 0x200, 0));
        Assert.True(carrier.RawData(text)[..(int)text.VirtualSize].SequenceEqual(unpacked.Data.AsSpan(0, (int)text.VirtualSize)));
    }

    [Fact]
    public async Task The_upx_clam_program_is_unpacked_into_a_decoded_node_where_clam_exe_is_found()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam-upx.exe"));

        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "upx-unpacked" && f.Evidence!.Contains("checksums match", StringComparison.Ordinal) && f.Evidence.Contains("filter 0x26 undone on 1 calls", StringComparison.Ordinal));
        var unpacked = Assert.Single(report.Nodes, n => n.Name == "upx-unpacked");
        Assert.Equal(Relation.Decoded, unpacked.Relation);
        var index = report.Nodes.ToList().IndexOf(unpacked);
        var inner = Assert.Single(report.Nodes, n => n.Parent == index && n.Kind == "pe");
        Assert.Contains(inner.Findings, f => f.Scanner == "pe" && f.Id == "pe-header");
    }

    [Fact]
    public async Task Upx_data_altered_by_a_second_packer_is_reported_rather_than_unpacked()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam-yc.exe"));

        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "upx-modified" && f.Severity == Severity.Suspicious);
        Assert.DoesNotContain(report.Nodes, n => n.Name == "upx-unpacked");
    }

    [Fact]
    public async Task The_strelka_upx_fixture_is_flagged_and_unpacked()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test_upx.exe"));

        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "packer" && f.Title == "Packed with UPX" && f.Severity == Severity.Suspicious);
        Assert.Contains(report.Nodes, n => n.Name == "upx-unpacked" && n.Relation == Relation.Decoded);
    }

    [Theory]
    [InlineData(Nrv2Variant.B, 32)]
    [InlineData(Nrv2Variant.D, 8)]
    [InlineData(Nrv2Variant.E, 16)]
    public void Random_bytes_never_crash_the_decompressors(Nrv2Variant variant, int wordBits)
    {
        var random = new Random(42);
        for (var round = 0; round < 2000; round++)
        {
            var input = new byte[random.Next(0, 256)];
            random.NextBytes(input);
            try
            {
                var output = Nrv2Decompressor.Decompress(input, random.Next(0, 4096), variant, wordBits);
                Assert.True(output.Length <= 4096);
            }
            catch (InvalidDataException)
            {
                // A malformed stream is reported as such; anything else would fail the test.
            }
        }
    }

    [Fact]
    public void A_header_with_a_wrong_checksum_is_not_trusted()
    {
        var packed = File.ReadAllBytes(TestPaths.ClamAvTestFile("clam-upx.exe"));
        var header = UpxPackHeader.Find(packed)!;
        packed[header.Offset + 16] ^= 0x40;

        Assert.Null(UpxPackHeader.Read(packed, header.Offset));
        Assert.Equal(64, SHA256.HashData(packed).Length * 2);
    }
}
