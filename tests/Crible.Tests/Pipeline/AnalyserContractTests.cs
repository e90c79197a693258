using System.Text;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Tests.Pipeline;

/// <summary>How the analyser treats scanners that fail, hang or emit: through small scanners written for the test.</summary>
public sealed class AnalyserContractTests
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("plain words");

    [Fact]
    public async Task A_scanner_that_throws_makes_the_file_unanalysable_with_its_reason()
    {
        var analyser = Build(new DelegateScanner("broken", (_, _, _) => throw new InvalidDataException("bad header")));
        var report = await analyser.AnalyseAsync(Content, "x.txt");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains("broken failed: bad header", report.Nodes[0].Incomplete);
    }

    [Fact]
    public async Task A_scanner_that_runs_past_its_timeout_is_stopped_and_reported()
    {
        var analyser = Build(
            new Limits { ScannerTimeout = TimeSpan.FromMilliseconds(200) },
            new DelegateScanner("slow", async (_, _, token) => await Task.Delay(TimeSpan.FromMinutes(5), token)));
        var report = await analyser.AnalyseAsync(Content, "x.txt");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.LimitsHit, h => h.Limit == "timeout");
    }

    [Fact]
    public async Task The_whole_analysis_deadline_stops_the_remaining_work()
    {
        var analyser = Build(
            new Limits { Deadline = TimeSpan.FromMilliseconds(300) },
            new DelegateScanner("slow", async (_, _, token) => await Task.Delay(TimeSpan.FromMinutes(5), token)));
        var report = await analyser.AnalyseAsync(Content, "x.txt");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.LimitsHit, h => h.Limit == "deadline");
    }

    [Fact]
    public async Task A_malicious_finding_wins_over_an_incomplete_node()
    {
        var analyser = Build(
            new DelegateScanner("detects", (_, context, _) =>
            {
                context.Report("test-threat", Severity.Malicious, "A threat");
                return ValueTask.CompletedTask;
            }),
            new DelegateScanner("broken", (_, _, _) => throw new InvalidOperationException("oops")));
        var report = await analyser.AnalyseAsync(Content, "x.txt");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Equal(["detects"], report.DetectingEngines);
    }

    [Fact]
    public async Task Suspicious_findings_are_shown_but_leave_the_verdict_clean()
    {
        var analyser = Build(new DelegateScanner("hints", (_, context, _) =>
        {
            context.Report("odd", Severity.Suspicious, "Something odd", evidence: "line 3");
            return ValueTask.CompletedTask;
        }));
        var report = await analyser.AnalyseAsync(Content, "x.txt");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Equal("line 3", Assert.Single(report.Nodes[0].Findings).Evidence);
    }

    [Fact]
    public async Task Emitted_sub_files_are_analysed_by_every_scanner_in_a_stable_order()
    {
        var splitter = new DelegateScanner("splitter", async (item, context, token) =>
        {
            if (item.Depth == 0)
            {
                for (var i = 0; i < 20; i++)
                {
                    await context.EmitAsync(Encoding.UTF8.GetBytes($"part {i}"), $"part{i}", Relation.Decoded, token);
                }
            }
        });
        var analyser = Build(new Limits(), splitter);

        var first = await analyser.AnalyseAsync(Content, "x.txt");
        var second = await analyser.AnalyseAsync(Content, "x.txt");

        Assert.Equal(21, first.Nodes.Count);
        Assert.Equal(first.Nodes.Select(n => n.Path), second.Nodes.Select(n => n.Path));
        Assert.All(first.Nodes.Skip(1), n => Assert.Equal((Relation.Decoded, 0), (n.Relation, n.Parent!.Value)));
    }

    [Fact]
    public async Task Passwords_suggested_by_a_file_are_offered_to_its_sub_files_after_the_request_ones()
    {
        IReadOnlyList<string>? seenByChild = null;
        var scanner = new DelegateScanner("mail", async (item, context, token) =>
        {
            if (item.Depth == 0)
            {
                context.SuggestPasswords(["from-the-mail"]);
                await context.EmitAsync("attachment"u8.ToArray(), "attachment.zip", Relation.Embedded, token);
            }
            else
            {
                seenByChild = context.Passwords;
            }
        });
        var analyser = new Analyser(FileIdentifier.CreateDefault(), [scanner], new AnalysisSettings { Passwords = ["configured"] });

        await analyser.AnalyseAsync(Content, "mail.eml", "given");

        Assert.Equal(["given", "from-the-mail", "configured"], seenByChild);
    }

    [Fact]
    public async Task An_empty_file_is_clean_and_identified_as_empty()
    {
        var report = await TestEngine.Default.AnalyseAsync([], "empty.bin");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Equal("empty", report.File.Kind);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", report.File.Sha256);
    }

    [Fact]
    public async Task Indicators_are_kept_once_per_file_and_gathered_with_the_techniques_in_the_report()
    {
        var analyser = Build(new DelegateScanner("sees", (_, context, _) =>
        {
            context.Indicator(IndicatorKind.Url, " http://evil.example/a.exe ");
            context.Indicator(IndicatorKind.Url, "http://evil.example/a.exe");
            context.Indicator(IndicatorKind.Domain, "evil.example");
            context.Indicator(IndicatorKind.Path, "   ");
            context.Report("t", Severity.Suspicious, "Downloads", attack: ["T1105", "T1059.007"]);
            return ValueTask.CompletedTask;
        }));
        var report = await analyser.AnalyseAsync(Content, "x.txt");

        Assert.Equal([new Indicator(IndicatorKind.Url, "http://evil.example/a.exe", "sees"), new Indicator(IndicatorKind.Domain, "evil.example", "sees")], report.Nodes[0].Iocs);
        Assert.Equal(report.Nodes[0].Iocs, report.Iocs);
        Assert.Equal(["T1059.007", "T1105"], report.Attack);
        var json = Crible.Reporting.ReportJson.Serialize(report);
        Assert.Contains("\"iocs\":[{\"kind\":\"url\",\"value\":\"http://evil.example/a.exe\",\"scanner\":\"sees\"}", json, StringComparison.Ordinal);
        Assert.Equal(report.Iocs, Crible.Reporting.ReportJson.Deserialize(json).Iocs);
    }

    [Fact]
    public void Two_scanners_with_one_name_are_refused()
    {
        var scanner = new DelegateScanner("same", (_, _, _) => ValueTask.CompletedTask);
        Assert.Throws<ArgumentException>(() => Build(scanner, new DelegateScanner("same", (_, _, _) => ValueTask.CompletedTask)));
    }

    private static Analyser Build(params IScanner[] scanners) => Build(new Limits(), scanners);

    private static Analyser Build(Limits limits, params IScanner[] scanners) =>
        new(FileIdentifier.CreateDefault(), scanners, new AnalysisSettings { Limits = limits });

    private sealed class DelegateScanner(string name, Func<ScanItem, ScanContext, CancellationToken, ValueTask> scan) : IScanner
    {
        public string Name => name;

        public bool Accepts(ScanItem item) => true;

        public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation) => scan(item, context, cancellation);
    }
}
