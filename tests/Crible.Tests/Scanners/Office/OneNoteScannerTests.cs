using Crible.Model;

namespace Crible.Tests.Scanners.Office;

public sealed class OneNoteScannerTests
{
    private static readonly byte[] HeaderGuid = new Guid("BDE316E7-2665-4511-A4C4-8D4D0B7A9EAC").ToByteArray();

    [Fact]
    public async Task The_Strelka_section_gives_its_two_embedded_files_and_is_clean()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.one"));

        Assert.Equal(Verdict.Clean, report.Verdict);
        var files = report.Nodes.Where(n => n.Parent == 0).ToList();
        Assert.Equal(["onenote-file-1.zip", "onenote-file-2.png"], files.Select(n => n.Name));
        Assert.Equal(["docx", "png"], files.Select(n => n.Kind));
        Assert.All(files, n => Assert.Equal(Relation.Embedded, n.Relation));
    }

    [Fact]
    public async Task A_block_that_claims_more_than_the_section_holds_gives_what_is_there()
    {
        var section = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.one"));
        var program = OfficeTestFiles.ClamExe;
        byte[] block = [.. HeaderGuid, .. BitConverter.GetBytes(1_000_000UL), .. new byte[12], .. program];

        var report = await TestEngine.Default.AnalyseAsync([.. section, .. block], "cut.one");

        Assert.Equal("cut.one/onenote-file-3.exe", OfficeTestFiles.ClamExeNode(report).Path);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.Contains("declares 1000000 bytes, 544 are there", StringComparison.Ordinal));
    }
}
