using System.Formats.Tar;
using System.IO.Compression;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Sandbox;
using Crible.Scanners.Archives;
using Crible.Scanners.Signatures;

namespace Crible.Tests.Scanners.Archives;

public sealed class SevenZipToolScannerTests
{
    private static readonly BubblewrapSandbox Sandbox = new();

    [Fact]
    public async Task A_truncated_cabinet_is_unanalysable_with_7_Zip_s_reason()
    {
        var whole = await File.ReadAllBytesAsync(TestPaths.ClamAvTestFile("clam.cab"));

        var report = await TestEngine.Default.AnalyseAsync(whole[..400], "cut.cab");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("7zz: ", StringComparison.Ordinal) && r.Contains("Unexpected end of archive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_sandbox_the_archive_is_unanalysable_never_clean()
    {
        var analyser = AnalyserWith(new SevenZipToolScanner(new BubblewrapSandbox("/nonexistent/bwrap"), new SevenZipToolFormats()));

        var report = await analyser.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam.cab"));

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        var reason = Assert.Single(report.Nodes[0].Incomplete);
        Assert.StartsWith("7zz: sandbox unavailable: bwrap is not installed", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symbolic_link_member_is_reported_and_its_target_never_read()
    {
        var tar = BuildTar(("notes.txt", "hello"u8.ToArray()), ("passwords", null));
        var analyser = AnalyserWith(ScannerFor(FileKinds.Tar, "tar"));

        var report = await analyser.AnalyseAsync(tar, "links.tar");

        Assert.Equal(Verdict.Clean, report.Verdict);
        var child = Assert.Single(report.Nodes, n => n.Depth == 1);
        Assert.Equal("notes.txt", child.Name);
        var link = Assert.Single(report.Nodes[0].Findings, f => f.Id == "symlink");
        Assert.StartsWith("passwords -> ", link.Evidence, StringComparison.Ordinal);
        Assert.EndsWith("/etc/passwd", link.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_whose_names_are_not_UTF_8_are_still_extracted()
    {
        var path = TestPaths.Corpus("libarchive-testfiles", "libarchive", "test", "test_read_format_cab_filename_cp932.cab");

        var report = await TestEngine.Default.AnalyseFileAsync(path);

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Equal(2, report.Nodes.Count(n => n.Depth == 1 && n.Name.EndsWith(".txt", StringComparison.Ordinal)));
        Assert.DoesNotContain(report.Nodes[0].Findings, f => f.Id == "special-file");
    }

    [Fact]
    public async Task A_decompression_bomb_is_stopped_at_the_ratio_budget()
    {
        var bomb = Gzip(new byte[64 * 1024 * 1024]);
        var limits = new Limits { MaxRatio = 10, RatioCheckFloorBytes = 1024 * 1024 };
        var analyser = AnalyserWith(ScannerFor(FileKinds.Gzip, "gzip"), limits);

        var report = await analyser.AnalyseAsync(bomb, "bomb.gz");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.LimitsHit, h => h.Limit == "ratio" && h.Path == "bomb.gz");
        Assert.All(report.Nodes.Skip(1), n => Assert.True(n.Size <= 1024 * 1024));
    }

    [Fact]
    public async Task An_encrypted_archive_opens_with_a_known_password()
    {
        var analyser = AnalyserWith(ScannerFor(FileKinds.SevenZip, "7z"), passwords: ["wrong", "password"]);

        var report = await analyser.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test_password.7z"));

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Equal(4, report.Nodes.Count(n => n.Depth == 1));
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "password" && f.Evidence == "'password'");
    }

    [Theory]
    [InlineData("test_password.7z")]
    [InlineData("test_password_filenames.7z")]
    public async Task An_encrypted_archive_without_a_working_password_is_unanalysable(string fixture)
    {
        var analyser = AnalyserWith(ScannerFor(FileKinds.SevenZip, "7z"), passwords: ["wrong"]);

        var report = await analyser.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", fixture));

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("encrypted: 7zz", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/usr/share/clamav-testfiles/clam-nsis.exe", "Nsis")]
    [InlineData("/usr/share/clamav-testfiles/clam.exe", null)]
    [InlineData("/usr/share/clamav-testfiles/clam-upx.exe", null)]
    [InlineData("strelka-fixtures/test.msi", "Compound")]
    [InlineData("strelka-fixtures/test.doc", null)]
    [InlineData("strelka-fixtures/test.xls", null)]
    public void Installers_are_told_from_other_executables_and_OLE2_files_by_content(string path, string? expected)
    {
        var full = path.StartsWith('/') ? path : TestPaths.Corpus(path.Split('/'));
        using var data = SampleData.FromFile(full);
        var kind = FileIdentifier.CreateDefault().Identify(data, "sample");
        var item = new ScanItem("sample", "sample", kind, data, 0, Relation.Root);

        var types = new SevenZipToolFormats().TypesFor(item);

        Assert.Equal(expected, types?.Single());
    }

    [Fact]
    public void Errors_warnings_and_password_failures_are_read_from_7_Zip_s_output()
    {
        const string Output = "ERRORS:\nUnexpected end of archive\nPhysical Size = 621\n\nERROR: Data Error : clam.exe\nERROR: /input/sample\n" +
            "WARNINGS:\nThere are data after the end of archive\nOffset = 12\n\nERROR: Data Error in encrypted file. Wrong password? : a.txt\n";

        var messages = SevenZipToolMessages.Parse(Output, "/input/sample");

        Assert.Equal(["Unexpected end of archive", "Data Error : clam.exe", "Data Error in encrypted file. Wrong password? : a.txt"], messages.Errors);
        Assert.Equal(["There are data after the end of archive"], messages.Warnings);
        Assert.True(messages.WrongPassword);
        Assert.False(messages.CannotOpenAsType);
    }

    private static SevenZipToolScanner ScannerFor(FileKind kind, string type) =>
        new(Sandbox, new SevenZipToolFormats(new Dictionary<FileKind, string[]> { [kind] = [type] }));

    private static Analyser AnalyserWith(IScanner scanner, Limits? limits = null, IReadOnlyList<string>? passwords = null) => new(
        FileIdentifier.CreateDefault(),
        [new HashListScanner(BuiltInHashes.Load()), scanner],
        new AnalysisSettings { Limits = limits ?? new Limits(), Passwords = passwords ?? AnalysisSettings.DefaultPasswords });

    /// <summary>A tar of regular files, and of links to /etc/passwd where the content is null.</summary>
    private static byte[] BuildTar(params (string Name, byte[]? Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = content is null
                    ? new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = "/etc/passwd" }
                    : new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };
                writer.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }
}
