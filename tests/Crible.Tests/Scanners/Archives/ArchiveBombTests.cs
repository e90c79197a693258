using System.Diagnostics;
using Crible.Model;
using Xunit.Abstractions;

namespace Crible.Tests.Scanners.Archives;

/// <summary>Archives built to exhaust the analyser: each is cut by a limit or a screen, recorded, and never "clean".</summary>
[Collection(AllocationMeasuring.Name)]
public sealed class ArchiveBombTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Overlapping_zip_entries_are_reported_and_extracted_once()
    {
        var bomb = HandBuiltZip.OverlappingEntries(entries: 5_000, kernelBytes: 1024 * 1024);

        var report = await TestEngine.Default.AnalyseAsync(bomb, "overlap.zip");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "zip-overlapping-entries" && f.Severity == Severity.Suspicious);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("zip: 4999 entries overlap", StringComparison.Ordinal));
        Assert.Single(report.Nodes, n => n.Parent == 0);
    }

    [Fact]
    public async Task A_member_declaring_10_GiB_is_cut_by_the_ratio_limit_without_materialising_it()
    {
        var bomb = HandBuiltZip.LyingSize(declaredSize: 10L * 1024 * 1024 * 1024, realZeros: 64 * 1024 * 1024);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var report = await TestEngine.Default.AnalyseAsync(bomb, "sparse.zip");

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"{bomb.Length} byte archive declaring 10 GiB: member cut at {report.Nodes[^1].Size} bytes, {allocated} bytes allocated in the process meanwhile");
        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.LimitsHit, l => l.Limit == "ratio");
        var member = Assert.Single(report.Nodes, n => n.Parent == 0);
        Assert.True(member.Size < 64L * 1024 * 1024, $"the member was cut at {member.Size} bytes");
        Assert.Contains(member.Incomplete, r => r.StartsWith("ratio:", StringComparison.Ordinal));
        Assert.True(allocated < 512L * 1024 * 1024, $"{allocated} bytes were allocated");
    }

    [Fact]
    public async Task A_hundred_thousand_entries_stop_at_the_file_limit_in_bounded_time()
    {
        var bomb = TestZip.Create([.. Enumerable.Range(0, 100_000).Select(i => ($"e{i}", Array.Empty<byte>()))]);
        var clock = Stopwatch.StartNew();

        var report = await TestEngine.Default.AnalyseAsync(bomb, "many.zip");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.LimitsHit, l => l.Limit == "files");
        Assert.Equal(10_000, report.Nodes.Count);
        output.WriteLine($"{bomb.Length} byte archive of 100,000 entries analysed in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_archive_holding_copies_of_itself_stops_at_identical_content()
    {
        var inner = TestZip.Create(("readme.txt", "hello"u8.ToArray()));
        var outer = TestZip.Create(("copy1.zip", inner), ("copy2.zip", inner), ("nested/copy3.zip", inner));

        var report = await TestEngine.Default.AnalyseAsync(outer, "quine.zip");

        Assert.Equal(Verdict.Clean, report.Verdict);
        var copies = report.Nodes.Where(n => n.Parent == 0).ToList();
        Assert.Equal(3, copies.Count);
        Assert.Single(copies, c => c.DuplicateOf is null);
        Assert.Single(report.Nodes, n => n.Name == "readme.txt");
        Assert.Equal(5, report.Nodes.Count);
    }

    [Fact]
    public async Task Nested_tar_gz_past_the_depth_limit_is_recorded_not_followed()
    {
        var bomb = TestTar.NestTarGz("deep"u8.ToArray(), "deep.txt", levels: 10);

        var report = await TestEngine.Default.AnalyseAsync(bomb, "deep.tar.gz");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.LimitsHit, l => l.Limit == "depth");
        Assert.Equal(16, report.Nodes.Max(n => n.Depth));
        Assert.Equal(["gzip", "tar"], report.Nodes.Where(n => n.Depth <= 1).Select(n => n.Kind));
    }

    [Fact]
    public async Task Hostile_member_names_are_kept_as_labels()
    {
        var zip = TestZip.Create(("../../etc/passwd", "a"u8.ToArray()), ("/absolute/path.txt", "b"u8.ToArray()), ("nul\0name.txt", "c"u8.ToArray()));

        var report = await TestEngine.Default.AnalyseAsync(zip, "names.zip");

        var names = report.Nodes.Where(n => n.Parent == 0).Select(n => n.Name).ToList();
        Assert.Contains("../../etc/passwd", names);
        Assert.Contains("/absolute/path.txt", names);
        Assert.Contains("nul?name.txt", names);
    }
}
