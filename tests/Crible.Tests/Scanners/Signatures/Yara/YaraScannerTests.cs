using System.Text;
using Crible.Model;
using Crible.Scanners.Signatures.Yara;

namespace Crible.Tests.Scanners.Signatures.Yara;

public sealed class YaraScannerTests
{
    [Theory]
    [InlineData("invoice.docm", true)]
    [InlineData("invoice.docx", false)]
    public async Task Rule_on_the_file_name_matches_only_when_the_name_says_so(string name, bool expected)
    {
        using var rules = YaraTestKit.CompileText("""
            rule macro_document_name
            {
                condition:
                    filename matches /\.docm$/ and extension == ".docm"
            }
            """);

        var report = await YaraTestKit.AnalyseBytesAsync(YaraTestKit.AnalyserFor(rules), "anything"u8.ToArray(), name);

        Assert.Equal(expected, YaraTestKit.YaraFindings(report).Any(f => f.Id == "macro_document_name"));
    }

    [Fact]
    public async Task File_type_and_path_externals_describe_the_item()
    {
        using var rules = YaraTestKit.CompileText("""
            rule zip_at_root
            {
                condition:
                    filetype == "ZIP" and filepath == "eicar_com.zip" and owner == ""
            }
            """);

        var report = await YaraTestKit.AnalyserFor(rules).AnalyseFileAsync(TestPaths.Corpus("eicar", "eicar_com.zip"));

        Assert.Contains(YaraTestKit.YaraFindings(report), f => f.Id == "zip_at_root");
    }

    [Fact]
    public async Task File_backed_sample_is_scanned_from_its_file()
    {
        using var rules = YaraTestKit.CompileClean([.. BuiltInRules.Load()]);
        using var data = SampleData.FromFile(TestPaths.Corpus("eicar", "eicar.com"));
        Assert.False(data.IsInMemory);

        var report = await YaraTestKit.AnalyserFor(rules).AnalyseAsync(data, "eicar.com", []);

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Equal("Crible_EICAR_Test_File", Assert.Single(YaraTestKit.YaraFindings(report)).Id);
    }

    [Fact]
    public async Task Finding_carries_title_severity_attack_and_every_meta_of_the_rule()
    {
        using var rules = YaraTestKit.CompileText("""
            rule Loader_Strings : loader
            {
                meta:
                    author = "Jane Analyst"
                    description = "Loader strings"
                    reference = "https://example.org/loader"
                    score = 45
                    mitre_attack = "t1055.012 and T1027"
                strings:
                    $a = "LoadLibraryA"
                condition:
                    $a
            }
            """);

        var report = await YaraTestKit.AnalyseBytesAsync(YaraTestKit.AnalyserFor(rules), "..LoadLibraryA.."u8.ToArray(), "x.bin");

        var finding = Assert.Single(YaraTestKit.YaraFindings(report));
        Assert.Equal("Loader_Strings", finding.Id);
        Assert.Equal("Loader strings", finding.Title);
        Assert.Equal(Severity.Suspicious, finding.Severity);
        Assert.Equal(["T1055.012", "T1027"], finding.Attack);
        Assert.Equal("Jane Analyst", finding.Meta!["author"]);
        Assert.Equal("https://example.org/loader", finding.Meta["reference"]);
        Assert.Equal("45", finding.Meta["score"]);
        Assert.Equal("test.yar", finding.Meta["namespace"]);
        Assert.Equal("loader", finding.Meta["tags"]);
        Assert.Equal(rules.Version, finding.Meta["ruleset"]);
        Assert.Equal("$a at 0x2: \"LoadLibraryA\"", finding.Evidence);
    }

    [Theory]
    [InlineData("score = 80", Severity.Malicious)]
    [InlineData("score = 59", Severity.Suspicious)]
    [InlineData("author = \"x\"", Severity.Malicious)]
    [InlineData("score = 90 severity = \"info\"", Severity.Info)]
    [InlineData("severity = \"Suspicious\"", Severity.Suspicious)]
    public async Task Severity_follows_the_severity_meta_then_the_score(string metas, Severity expected)
    {
        using var rules = YaraTestKit.CompileText($"rule r {{ meta: {metas} condition: true }}");

        var report = await YaraTestKit.AnalyseBytesAsync(YaraTestKit.AnalyserFor(rules), "x"u8.ToArray(), "x.bin");

        var finding = Assert.Single(YaraTestKit.YaraFindings(report));
        Assert.Equal(expected, finding.Severity);
        Assert.Equal("r", finding.Title);
    }

    [Fact]
    public async Task Evidence_is_bounded_and_escaped()
    {
        var strings = string.Join("\n", Enumerable.Range(0, 15).Select(i => $"$s{i:00} = \"needle{i:00}\""));
        using var rules = YaraTestKit.CompileText($"rule many {{ strings: {strings}\n $long = {{ 00 01 02 [0-200] FF FE }} condition: all of them }}");
        var content = new StringBuilder();
        for (var i = 0; i < 15; i++)
        {
            content.Append(System.Globalization.CultureInfo.InvariantCulture, $"needle{i:00} ");
        }

        var bytes = Encoding.ASCII.GetBytes(content.ToString()).Concat(new byte[] { 0, 1, 2 }).Concat(Enumerable.Repeat((byte)'"', 100)).Concat(new byte[] { 0xff, 0xfe }).ToArray();

        var report = await YaraTestKit.AnalyseBytesAsync(YaraTestKit.AnalyserFor(rules), bytes, "x.bin");

        var lines = Assert.Single(YaraTestKit.YaraFindings(report)).Evidence!.Split('\n');
        Assert.Equal(11, lines.Length);
        Assert.Equal("$s00 at 0x0: \"needle00\"", lines[0]);
        Assert.Equal("(+6 more strings)", lines[^1]);

        using var longRules = YaraTestKit.CompileText("rule long { strings: $long = { 00 01 02 [0-200] FF FE } condition: $long }");
        var longReport = await YaraTestKit.AnalyseBytesAsync(YaraTestKit.AnalyserFor(longRules), bytes, "x.bin");
        var evidence = Assert.Single(YaraTestKit.YaraFindings(longReport)).Evidence!;
        Assert.DoesNotContain('\n', evidence);
        Assert.StartsWith("$long at 0x87: \"\\x00\\x01\\x02\\x22\\x22", evidence, StringComparison.Ordinal);
        Assert.EndsWith("\" (first 64 of 105 bytes)", evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_strings_are_each_shown()
    {
        using var rules = YaraTestKit.CompileText("rule anon { strings: $ = \"first\" $ = \"second\" condition: all of them }");

        var report = await YaraTestKit.AnalyseBytesAsync(YaraTestKit.AnalyserFor(rules), "first second"u8.ToArray(), "x.bin");

        Assert.Equal("$ at 0x0: \"first\"\n$ at 0x6: \"second\"", Assert.Single(YaraTestKit.YaraFindings(report)).Evidence);
    }

    [Fact]
    public async Task Wide_strings_are_shown_as_text()
    {
        using var rules = YaraTestKit.CompileText("rule w { strings: $w = \"cmd.exe\" wide condition: $w }");

        var report = await YaraTestKit.AnalyseBytesAsync(YaraTestKit.AnalyserFor(rules), Encoding.Unicode.GetBytes("run cmd.exe now"), "x.bin");

        Assert.Equal("$w at 0x8: \"cmd.exe\" wide", Assert.Single(YaraTestKit.YaraFindings(report)).Evidence);
    }

    [Fact]
    public async Task Slow_rule_stops_at_the_timeout_and_leaves_the_file_unanalysable()
    {
        using var rules = YaraTestKit.CompileText("""
            rule endless
            {
                condition:
                    for any i in (0 .. 100000000) : (for any j in (0 .. 100000000) : (i + j < 0))
            }
            """);
        var analyser = YaraTestKit.AnalyserFor(rules, new Limits { ScannerTimeout = TimeSpan.FromSeconds(1) });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = await YaraTestKit.AnalyseBytesAsync(analyser, "data"u8.ToArray(), "x.bin");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains("yara: scan timed out", report.Nodes[0].Incomplete);
    }

    [Fact]
    public async Task Scans_from_eight_threads_at_once_give_the_same_results()
    {
        using var rules = YaraTestKit.CompileClean([.. BuiltInRules.Load(), YaraSource.FromText("extra.yar", "rule eicar_word { strings: $a = \"EICAR\" condition: $a and filename == \"eicar.com\" }")]);
        var eicar = File.ReadAllBytes(TestPaths.Corpus("eicar", "eicar.com"));
        var benign = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.pdf"));
        var named = new YaraExternals("eicar.com", "eicar.com", ".com", "BINARY", string.Empty);
        var expected = Describe(rules.Scan(eicar, named, TimeSpan.FromSeconds(30)));
        Assert.Equal(["Crible_EICAR_Test_File $eicar@0x0", "eicar_word $a@0x1c"], expected);

        using var start = new Barrier(8);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                var found = new List<IReadOnlyList<string>>();
                for (var round = 0; round < 25; round++)
                {
                    found.Add(Describe(rules.Scan(eicar, named, TimeSpan.FromSeconds(30))));
                    Assert.Empty(rules.Scan(benign, YaraExternals.Empty, TimeSpan.FromSeconds(30)).Matches);
                }

                return found;
            },
            TaskCreationOptions.LongRunning)));

        Assert.All(results.SelectMany(r => r), found => Assert.Equal(expected, found));
    }

    [Fact]
    public void Empty_file_is_not_scanned()
    {
        using var rules = YaraTestKit.CompileText("rule always { condition: true }");
        var scanner = new YaraScanner(rules);
        using var data = SampleData.FromBytes([]);

        Assert.False(scanner.Accepts(new Crible.Pipeline.ScanItem("empty", "empty", Crible.Identification.FileKinds.Empty, data, 0, Relation.Root)));
    }

    [Fact]
    public void Scanning_after_dispose_is_refused()
    {
        var rules = YaraTestKit.CompileText("rule always { condition: true }");
        rules.Dispose();

        Assert.Throws<ObjectDisposedException>(() => rules.Scan("x"u8, YaraExternals.Empty, TimeSpan.FromSeconds(1)));
    }

    private static List<string> Describe(YaraScanResult result)
    {
        Assert.True(result.Succeeded, result.ErrorName);
        return [.. result.Matches.Select(m => $"{m.Rule.Identifier} {string.Join(",", m.Strings.Select(s => $"{s.Identifier}@0x{s.Offset:x}"))}").Order(StringComparer.Ordinal)];
    }
}
