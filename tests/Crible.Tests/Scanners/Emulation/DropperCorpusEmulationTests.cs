using System.Collections.Concurrent;
using Crible.Model;
using SharpCompress.Archives.Zip;
using SharpCompress.Readers;
using Xunit.Abstractions;

namespace Crible.Tests.Scanners.Emulation;

/// <summary>Real JScript droppers (2015-2017) through the whole engine: most must come out malicious with a URL or
/// a dropped file recovered. They stay in memory, read from their encrypted archive; nothing is executed. A bounded
/// sample (every third) keeps the suite short; bench/emulation.sh measures the whole corpus.</summary>
public sealed class DropperCorpusEmulationTests(ITestOutputHelper output)
{
    private const double MinimumShare = 0.85;
    private const int SampleEvery = 3;

    [Fact]
    public async Task Most_real_droppers_are_malicious_with_a_recovered_url_or_dropped_file()
    {
        var samples = ReadSamples().Where((_, index) => index % SampleEvery == 0).ToList();
        var results = new ConcurrentBag<(string Name, bool Recovered)>();

        await Parallel.ForEachAsync(samples, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (sample, _) =>
        {
            var report = await TestEngine.Default.AnalyseAsync(sample.Content, sample.Name);
            var recovered = report.Verdict == Verdict.Malicious
                && (report.Iocs.Any(i => i.Kind == IndicatorKind.Url) || report.Nodes.Any(n => n.Relation == Relation.Dropped));
            results.Add((sample.Name, recovered));
        });

        var share = (double)results.Count(r => r.Recovered) / results.Count;
        output.WriteLine($"js-droppers sample: {results.Count(r => r.Recovered)}/{results.Count} malicious with a URL or dropped file ({100 * share:F1} %)");
        foreach (var (name, _) in results.Where(r => !r.Recovered).OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            output.WriteLine("  not recovered: " + name);
        }

        Assert.True(share >= MinimumShare, $"only {100 * share:F1} % of the droppers were malicious with a URL or dropped file");
    }

    private static List<(string Name, byte[] Content)> ReadSamples()
    {
        using var archive = ZipArchive.OpenArchive(TestPaths.Corpus("js-droppers", "samples.zip"), new ReaderOptions { Password = "infected" });
        var samples = new List<(string, byte[])>();
        foreach (var entry in archive.Entries.Where(e => !e.IsDirectory).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            using var stream = entry.OpenEntryStream();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            samples.Add((Path.GetFileName(entry.Key ?? "sample.js"), memory.ToArray()));
        }

        return samples;
    }
}
