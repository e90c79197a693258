using Xunit.Abstractions;

namespace Crible.Tests.Identification;

/// <summary>Identification of real files from public corpora: Strelka's fixtures, ClamAV's test files and
/// libarchive's test archives.</summary>
public sealed class CorpusIdentificationTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> StrelkaFixtures() => Rows(CorpusExpectations.Strelka);

    public static TheoryData<string, string> ClamAvTestFiles() => Rows(CorpusExpectations.ClamAv);

    public static TheoryData<string, string> LibarchiveTestFiles()
    {
        var root = TestPaths.Corpus("libarchive-testfiles");
        var rows = new TheoryData<string, string>();
        foreach (var line in File.ReadLines(Path.Combine(root, "labels.tsv")).Skip(1))
        {
            var path = line.Split('\t')[0];
            if (CorpusExpectations.Libarchive(Path.GetFileName(path)) is { } kind)
            {
                rows.Add(path, kind);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(StrelkaFixtures))]
    public void Strelka_fixture_is_identified_by_content(string fileName, string expectedKind) =>
        Assert.Equal(expectedKind, Identify.File(TestPaths.Corpus("strelka-fixtures", fileName)));

    [Theory]
    [MemberData(nameof(ClamAvTestFiles))]
    public void ClamAv_test_file_container_is_identified_by_content(string fileName, string expectedKind)
    {
        var path = Path.Combine(CorpusExpectations.ClamAvFolder, fileName);
        if (!File.Exists(path))
        {
            // Only where the Debian package clamav-testfiles is installed; the share report says when it is not.
            return;
        }

        Assert.Equal(expectedKind, Identify.File(path));
    }

    [Theory]
    [MemberData(nameof(LibarchiveTestFiles))]
    public void Libarchive_test_archive_is_identified_by_content(string relativePath, string expectedKind) =>
        Assert.Equal(expectedKind, Identify.File(TestPaths.Corpus("libarchive-testfiles", relativePath)));

    [Fact]
    public void Every_strelka_fixture_has_an_expected_kind()
    {
        var withoutExpectation = Directory.EnumerateFiles(TestPaths.Corpus("strelka-fixtures"))
            .Select(path => Path.GetFileName(path))
            .Where(name => name is not ("MANIFEST.txt" or "labels.tsv") && !CorpusExpectations.Strelka.ContainsKey(name))
            .ToList();
        Assert.Equal([], withoutExpectation);
    }

    [Fact]
    public void Share_of_corpus_files_identified_as_expected_is_reported()
    {
        var strelka = Share(CorpusExpectations.Strelka, name => TestPaths.Corpus("strelka-fixtures", name));
        var clamAv = Share(CorpusExpectations.ClamAv, name => Path.Combine(CorpusExpectations.ClamAvFolder, name));
        output.WriteLine($"strelka-fixtures: {strelka.Matched}/{strelka.Total} ({Percent(strelka)})");
        output.WriteLine(clamAv.Total == 0
            ? "clamav-testfiles: not installed (apt-get install clamav-testfiles)"
            : $"clamav-testfiles: {clamAv.Matched}/{clamAv.Total} ({Percent(clamAv)})");
        foreach (var miss in strelka.Misses.Concat(clamAv.Misses))
        {
            output.WriteLine($"  mismatch: {miss}");
        }

        Assert.Equal(strelka.Total, strelka.Matched);
        Assert.Equal(clamAv.Total, clamAv.Matched);
    }

    private static TheoryData<string, string> Rows(IReadOnlyDictionary<string, string> expectations)
    {
        var rows = new TheoryData<string, string>();
        foreach (var (name, kind) in expectations.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            rows.Add(name, kind);
        }

        return rows;
    }

    private static (int Matched, int Total, List<string> Misses) Share(IReadOnlyDictionary<string, string> expectations, Func<string, string> pathOf)
    {
        var misses = new List<string>();
        var total = 0;
        foreach (var (name, expected) in expectations)
        {
            var path = pathOf(name);
            if (!File.Exists(path))
            {
                continue;
            }

            total++;
            var actual = Identify.File(path);
            if (actual != expected)
            {
                misses.Add($"{name}: expected {expected}, got {actual}");
            }
        }

        return (total - misses.Count, total, misses);
    }

    private static string Percent((int Matched, int Total, List<string> Misses) share) =>
        share.Total == 0 ? "n/a" : $"{100.0 * share.Matched / share.Total:F1} %";
}
