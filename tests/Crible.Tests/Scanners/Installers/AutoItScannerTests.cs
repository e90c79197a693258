using System.Text;
using Crible.Model;
using Crible.Scanners.Installers.AutoIt;
using Xunit.Abstractions;

namespace Crible.Tests.Scanners.Installers;

/// <summary>Programs compiled with AutoIt: ClamAV's two test files (EA05 and EA06 generations) carry clam.exe with
/// FileInstall, and their script.</summary>
public sealed class AutoItScannerTests(ITestOutputHelper output)
{
    private const string ClamExeSha256 = "71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495";

    [Theory]
    [InlineData("clam.ea05.exe", "EA05")]
    [InlineData("clam.ea06.exe", "EA06")]
    public async Task The_files_and_the_script_of_a_compiled_AutoIt_program_are_analysed(string name, string generation)
    {
        var report = await InstallersTestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile(name));

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var root = report.Nodes[0];
        var finding = Assert.Single(root.Findings, f => f.Id == "autoit-compiled");
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains(generation, finding.Title, StringComparison.Ordinal);
        Assert.Empty(root.Incomplete);
        var program = Assert.Single(report.Nodes, n => n.Sha256 == ClamExeSha256);
        Assert.Equal((Relation.Extracted, 0), (program.Relation, program.Parent));
        var script = Assert.Single(report.Nodes, n => n.Name == "script.au3");
        Assert.Equal((Relation.Decoded, "text"), (script.Relation, script.Kind));
        Assert.Contains(root.Iocs, i => i.Kind == IndicatorKind.Path && i.Value == @"C:\clam.exe");
    }

    [Fact]
    public void An_EA06_script_is_written_back_as_readable_source()
    {
        var entries = ReadEntries("clam.ea06.exe");

        var script = Assert.Single(entries, e => e.IsScript);
        var (source, problem) = AutoItTokenScript.Decompile(script.Content, 1 << 20);
        output.WriteLine(source[..Math.Min(source.Length, 1500)]);
        Assert.Null(problem);
        Assert.Contains("FILEINSTALL", source, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("clam.exe", source, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_EA05_script_is_plain_text()
    {
        var script = Assert.Single(ReadEntries("clam.ea05.exe"), e => e.IsScript);

        var source = script.Name.Contains("UNICODE", StringComparison.Ordinal) ? Encoding.Unicode.GetString(script.Content!) : Encoding.Latin1.GetString(script.Content!);
        output.WriteLine(source[..Math.Min(source.Length, 800)]);
        Assert.Contains("FileInstall", source, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_damaged_entry_says_its_checksum_does_not_match_and_the_file_is_not_clean()
    {
        var bytes = await File.ReadAllBytesAsync(TestPaths.ClamAvTestFile("clam.ea06.exe"));
        var start = bytes.AsSpan().IndexOf(AutoItScript.Marker);
        for (var i = start + 200; i < start + 232; i++)
        {
            bytes[i] ^= 0x5A;
        }

        var report = await InstallersTestEngine.Default.AnalyseAsync(bytes, "damaged.exe");

        Assert.NotEqual(Verdict.Clean, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("autoit: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cut_script_gives_a_reason_not_a_crash()
    {
        var bytes = await File.ReadAllBytesAsync(TestPaths.ClamAvTestFile("clam.ea05.exe"));
        var start = bytes.AsSpan().IndexOf(AutoItScript.Marker);

        var report = await InstallersTestEngine.Default.AnalyseAsync(bytes[..(start + 300)], "cut.exe");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("autoit: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_ordinary_program_has_no_AutoIt_finding()
    {
        var report = await InstallersTestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.exe"));

        Assert.DoesNotContain(report.Nodes.SelectMany(n => n.Findings), f => f.Scanner == "autoit");
    }

    [Fact]
    public void Random_damage_to_a_compiled_script_never_throws_or_runs_away()
    {
        var original = File.ReadAllBytes(TestPaths.ClamAvTestFile("clam.ea06.exe"));
        var start = original.AsSpan().IndexOf(AutoItScript.Marker);
        var random = new Random(20261202);
        for (var round = 0; round < 300; round++)
        {
            var blob = original[start..];
            for (var flips = random.Next(1, 16); flips > 0; flips--)
            {
                blob[random.Next(24, Math.Min(blob.Length, 4096))] = (byte)random.Next(256);
            }

            var (entries, _) = AutoItScript.Read(blob, 1 << 20);
            Assert.True(entries.Count <= AutoItScript.MaxEntries);
            foreach (var entry in entries.Where(e => e.IsScript && e.Content is not null))
            {
                AutoItTokenScript.Decompile(entry.Content, 1 << 16);
            }
        }
    }

    private static List<AutoItEntry> ReadEntries(string name)
    {
        var bytes = File.ReadAllBytes(TestPaths.ClamAvTestFile(name));
        var start = bytes.AsSpan().IndexOf(AutoItScript.Marker);
        var (entries, problem) = AutoItScript.Read(bytes.AsSpan(start), 1 << 20);
        Assert.Null(problem);
        return entries;
    }
}
