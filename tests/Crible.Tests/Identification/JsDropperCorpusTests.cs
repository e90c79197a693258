using SharpCompress.Archives.Zip;
using SharpCompress.Readers;
using Xunit.Abstractions;

namespace Crible.Tests.Identification;

/// <summary>Real JScript droppers (obfuscated, padded, no shebang) must be recognised as JavaScript from their
/// words. They stay inside their encrypted archive: read into memory, never written out.</summary>
public sealed class JsDropperCorpusTests(ITestOutputHelper output)
{
    private const double MinimumShare = 0.95;

    [Fact]
    public void Real_jscript_droppers_are_recognised_as_javascript()
    {
        using var archive = ZipArchive.OpenArchive(TestPaths.Corpus("js-droppers", "samples.zip"), new ReaderOptions { Password = "infected" });
        var kinds = new List<(string Name, string Kind)>();
        foreach (var entry in archive.Entries.Where(e => !e.IsDirectory))
        {
            using var stream = entry.OpenEntryStream();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            kinds.Add((entry.Key ?? string.Empty, Identify.Bytes(memory.ToArray(), "sample.txt")));
        }

        var recognised = kinds.Count(k => k.Kind == "javascript");
        output.WriteLine($"js-droppers: {recognised}/{kinds.Count} identified as javascript ({100.0 * recognised / kinds.Count:F1} %)");
        foreach (var (name, kind) in kinds.Where(k => k.Kind != "javascript"))
        {
            output.WriteLine($"  {kind}: {name}");
        }

        Assert.True(recognised >= MinimumShare * kinds.Count, $"only {recognised} of {kinds.Count} droppers were identified as javascript");
    }
}
