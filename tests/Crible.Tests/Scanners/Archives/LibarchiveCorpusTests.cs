using System.Diagnostics;
using Crible.Model;
using Xunit.Abstractions;

namespace Crible.Tests.Scanners.Archives;

/// <summary>Every file of libarchive's test suite, malformed and fuzzed ones included, through the whole analyser.</summary>
public sealed class LibarchiveCorpusTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ScannerTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The kinds this family extracts; others (cab, lha, iso...) are not its to explain.</summary>
    private static readonly HashSet<string> HandledKinds =
        ["zip", "jar", "7z", "rar", "tar", "ar", "cpio", "gzip", "bzip2", "xz", "lzma", "lzip", "zstd", "lz4", "compress", "szdd"];

    [Fact]
    public async Task Every_libarchive_test_file_is_analysed_without_crash_or_hang_and_damaged_archives_say_why()
    {
        var analyser = TestEngine.WithLimits(new Limits { ScannerTimeout = ScannerTimeout });
        var rows = File.ReadLines(TestPaths.Corpus("libarchive-testfiles", "labels.tsv"))
            .Where(line => !line.StartsWith('#') && !line.StartsWith("path\t", StringComparison.Ordinal))
            .Select(line => line.Split('\t'))
            .ToList();
        var failures = new List<string>();
        var benign = 0;
        var benignWithMembers = 0;
        var timings = new List<(string Path, TimeSpan Elapsed)>();
        var emptyByKind = new Dictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        foreach (var row in rows)
        {
            var (path, label) = (row[0], row[3]);
            var started = clock.Elapsed;
            Report report;
            try
            {
                report = await analyser.AnalyseFileAsync(TestPaths.Corpus("libarchive-testfiles", path));
            }
            catch (Exception exception)
            {
                failures.Add($"{path}: crashed ({exception.GetType().Name}: {exception.Message})");
                continue;
            }

            var elapsed = clock.Elapsed - started;
            timings.Add((path, elapsed));
            if (elapsed > ScannerTimeout || report.LimitsHit.Any(l => l.Limit is "timeout" or "deadline"))
            {
                failures.Add($"{path}: took {elapsed.TotalSeconds:0.0} s");
            }

            failures.AddRange(report.Nodes.SelectMany(n => n.Incomplete)
                .Where(r => r.Contains(" failed: ", StringComparison.Ordinal))
                .Select(r => $"{path}: a scanner threw ({r})"));
            var root = report.Nodes[0];
            if (label == "parser-edge" && HandledKinds.Contains(root.Kind) && !report.Nodes.Any(n => n.Parent == 0) && root.Incomplete.Count == 0)
            {
                failures.Add($"{path}: a damaged {root.Kind} yielded nothing and did not say why");
            }

            if (label == "benign-extraction")
            {
                var yielded = report.Nodes.Any(n => n.Parent == 0);
                benign++;
                benignWithMembers += yielded ? 1 : 0;
                if (!yielded)
                {
                    emptyByKind[report.File.Kind] = emptyByKind.GetValueOrDefault(report.File.Kind) + 1;
                }
            }
        }

        output.WriteLine($"{rows.Count} files in {clock.Elapsed.TotalSeconds:0.0} s; {benignWithMembers} of {benign} benign-extraction files yield at least one member");
        output.WriteLine("no member, by kind: " + string.Join(", ", emptyByKind.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}")));
        foreach (var (path, elapsed) in timings.OrderByDescending(t => t.Elapsed).Take(8))
        {
            output.WriteLine($"  {elapsed.TotalMilliseconds:0} ms {path}");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
