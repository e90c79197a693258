using System.IO.Compression;
using Crible.Model;
using Crible.Scanners.Office.Ole;
using Crible.Scanners.Office.PowerPoint;

namespace Crible.Tests.Scanners.Office;

public sealed class PowerPointScannerTests
{
    [Fact]
    public async Task The_ClamAV_test_program_in_a_compressed_PowerPoint_object_is_found()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam.ppt"));

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Equal("ppt", report.File.Kind);
        var program = OfficeTestFiles.ClamExeNode(report);
        var storage = report.Nodes[program.Parent!.Value];
        Assert.Equal("PowerPoint Document/ExOleObjStg@1146", storage.Name);
        Assert.Equal("ole2", storage.Kind);
        Assert.Equal(Relation.Embedded, storage.Relation);
    }

    [Fact]
    public async Task Objects_inside_containers_are_found_and_damaged_ones_reported()
    {
        var inner = new CompoundFileBuilder();
        inner.AddStream("\u0001Ole10Native", OfficeTestFiles.Ole10Native(OfficeTestFiles.PackageNativeData("clam.exe", @"C:\clam.exe", @"C:\Temp\clam.exe", OfficeTestFiles.ClamExe)));
        var good = Record(0x1011, 1, version: 0, [.. BitConverter.GetBytes(inner.ToArray().Length), .. Deflate(inner.ToArray())]);
        var damaged = Record(0x1011, 1, version: 0, [0x00, 0x10, 0x00, 0x00, 0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF]);
        var container = Record(0x03E8, 0, version: 0xF, [.. good, .. damaged]);
        var builder = new CompoundFileBuilder();
        builder.AddStream("PowerPoint Document", container);

        var report = await TestEngine.Default.AnalyseAsync(builder.ToArray(), "built.ppt");

        Assert.Equal("ppt", report.File.Kind);
        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Equal("built.ppt/PowerPoint Document/ExOleObjStg@8/clam.exe", OfficeTestFiles.ClamExeNode(report).Path);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("powerpoint: the compressed object at offset", StringComparison.Ordinal));
    }

    [Fact]
    public void A_record_longer_than_its_container_stops_the_walk_of_that_container()
    {
        byte[] stream = [.. Record(0x03E8, 0, version: 0xF, [.. Record(0x0FF0, 0, 0, [1, 2]), 0, 0, 0x11, 0x10, 0xFF, 0xFF, 0, 0]), .. Record(0x1011, 0, 0, [5])];
        var problems = new List<string>();

        var records = PowerPointRecordReader.Read(stream, problems);

        Assert.Equal([0x03E8, 0x0FF0, 0x1011], records.Select(r => r.Type));
        Assert.Contains(problems, p => p.Contains("claims 65535 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Containers_nested_past_the_depth_bound_are_not_entered()
    {
        byte[] stream = Record(0x1011, 0, 0, [7]);
        for (var i = 0; i < 100; i++)
        {
            stream = Record(0x03E8, 0, version: 0xF, stream);
        }

        var records = PowerPointRecordReader.Read(stream, []);

        Assert.Equal(PowerPointRecordReader.MaxDepth, records.Count);
        Assert.DoesNotContain(records, r => r.Type == 0x1011);
    }

    private static byte[] Record(int type, int instance, int version, byte[] body) =>
        [.. BitConverter.GetBytes((ushort)((instance << 4) | version)), .. BitConverter.GetBytes((ushort)type), .. BitConverter.GetBytes(body.Length), .. body];

    private static byte[] Deflate(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(content);
        }

        return buffer.ToArray();
    }
}
