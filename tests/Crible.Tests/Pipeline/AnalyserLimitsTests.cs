using System.IO.Compression;
using System.Text;
using Crible.Model;

namespace Crible.Tests.Pipeline;

[Collection(AllocationMeasuring.Name)]
public sealed class AnalyserLimitsTests
{
    private static readonly byte[] Eicar = File.ReadAllBytes(TestPaths.Corpus("eicar", "eicar.com"));
    private static readonly byte[] Harmless = Encoding.UTF8.GetBytes("Minutes of the meeting of 3 March.\n");

    [Fact]
    public async Task Nesting_deeper_than_the_limit_is_reported_unanalysable()
    {
        var archive = TestZip.Nest(Harmless, "minutes.txt", levels: 6);
        var report = await TestEngine.WithLimits(new Limits { MaxDepth = 3 }).AnalyseAsync(archive, "deep.zip");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        var hit = Assert.Single(report.LimitsHit, h => h.Limit == "depth");
        Assert.Equal(3, report.Nodes.Max(n => n.Depth));
        Assert.Equal(report.Nodes.Single(n => n.Depth == 3).Path, hit.Path);
    }

    [Fact]
    public async Task A_threat_inside_the_depth_limit_is_malicious_even_when_a_limit_is_hit_elsewhere()
    {
        var deep = TestZip.Nest(Harmless, "minutes.txt", levels: 6);
        var archive = TestZip.Create(("eicar.com", Eicar), ("deep.zip", deep));
        var report = await TestEngine.WithLimits(new Limits { MaxDepth = 3 }).AnalyseAsync(archive, "mixed.zip");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.LimitsHit, h => h.Limit == "depth");
    }

    [Fact]
    public async Task Nested_archives_within_the_limit_are_followed_to_the_bottom()
    {
        var archive = TestZip.Nest(Eicar, "eicar.com", levels: 10);
        var report = await TestEngine.Default.AnalyseAsync(archive, "nested.zip");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var bottom = report.Nodes[^1];
        Assert.Equal(10, bottom.Depth);
        Assert.Equal("eicar.com", bottom.Name);
        Assert.Contains(bottom.Findings, f => f.Severity == Severity.Malicious);
    }

    [Fact]
    public async Task More_members_than_the_file_limit_stop_extraction_and_are_reported()
    {
        var members = Enumerable.Range(0, 40).Select(i => ($"note{i}.txt", Encoding.UTF8.GetBytes($"note {i}"))).ToArray();
        var report = await TestEngine.WithLimits(new Limits { MaxFiles = 10 }).AnalyseAsync(TestZip.Create(members), "many.zip");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Equal(10, report.Nodes.Count);
        Assert.Contains(report.LimitsHit, h => h.Limit == "files");
    }

    [Fact]
    public async Task A_member_that_expands_too_much_is_cut_at_the_ratio_and_reported()
    {
        var zeros = new byte[64 * 1024 * 1024];
        var archive = TestZip.Create(CompressionLevel.SmallestSize, ("zeros.bin", zeros));
        var before = GC.GetTotalAllocatedBytes();
        var report = await TestEngine.WithLimits(new Limits { MaxRatio = 100, RatioCheckFloorBytes = 1024 * 1024 }).AnalyseAsync(archive, "bomb.zip");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        var hit = Assert.Single(report.LimitsHit, h => h.Limit == "ratio");
        Assert.Equal("bomb.zip/zeros.bin", hit.Path);
        var member = report.Nodes.Single(n => n.Name == "zeros.bin");
        Assert.True(member.Size < zeros.Length / 8, $"the member was cut at {member.Size} bytes");
        Assert.NotEmpty(member.Incomplete);
        Assert.True(GC.GetTotalAllocatedBytes() - before < zeros.Length, "extraction allocated as much as the bomb expands to");
    }

    [Fact]
    public async Task Sub_files_past_the_total_size_budget_are_cut_and_reported()
    {
        var random = new Random(7);
        var members = Enumerable.Range(0, 4).Select(i =>
        {
            var bytes = new byte[300_000];
            random.NextBytes(bytes);
            return ($"part{i}.bin", bytes);
        }).ToArray();
        var report = await TestEngine.WithLimits(new Limits { MaxTotalBytes = 700_000 }).AnalyseAsync(TestZip.Create(members), "big.zip");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.LimitsHit, h => h.Limit == "total_size");
        Assert.True(report.Nodes.Skip(1).Sum(n => n.Size) <= 700_000);
    }

    [Fact]
    public async Task Identical_members_are_analysed_once_and_point_to_the_first()
    {
        var archive = TestZip.Create(("a/eicar.com", Eicar), ("b/copy.com", Eicar));
        var report = await TestEngine.Default.AnalyseAsync(archive, "twice.zip");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var first = report.Nodes.Single(n => n.Name == "a/eicar.com");
        var copy = report.Nodes.Single(n => n.Name == "b/copy.com");
        Assert.Equal(report.Nodes.ToList().IndexOf(first), copy.DuplicateOf);
        Assert.Empty(copy.Findings);
        Assert.NotEmpty(first.Findings);
    }

    [Fact]
    public async Task Member_names_with_traversal_and_control_characters_are_kept_as_labels_only()
    {
        var archive = TestZip.Create(("../../etc/passwd", Harmless), ("evil\u0000name\u0007.txt", Harmless.Concat("x"u8.ToArray()).ToArray()));
        var report = await TestEngine.Default.AnalyseAsync(archive, "names.zip");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Contains(report.Nodes, n => n.Path == "names.zip/../../etc/passwd");
        Assert.Contains(report.Nodes, n => n.Name == "evil?name?.txt");
    }
}
