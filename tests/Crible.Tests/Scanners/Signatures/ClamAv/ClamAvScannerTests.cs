using System.Text;
using Crible.Configuration;
using Crible.Model;

namespace Crible.Tests.Scanners.Signatures.ClamAv;

public sealed class ClamAvScannerTests(ClamdProcess clamd) : IClassFixture<ClamdProcess>
{
    private const string Eicar = @"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    public static TheoryData<string> PackedClamExe => new(
        "clam-aspack.exe", "clam-fsg.exe", "clam-mew.exe", "clam-nsis.exe", "clam-pespin.exe",
        "clam-petite.exe", "clam-upack.exe", "clam-upx.exe", "clam-wwpack.exe", "clam-yc.exe");

    [Fact]
    public async Task Eicar_is_a_malicious_clamav_finding_named_after_the_signature()
    {
        using var engine = Engine(clamd.Address);
        var report = await engine.Analyser.AnalyseAsync(Encoding.ASCII.GetBytes(Eicar), "eicar.com");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var finding = Assert.Single(report.AllFindings, f => f.Finding.Scanner == "clamav").Finding;
        Assert.Equal("Crible.Test.EICAR.UNOFFICIAL", finding.Id);
        Assert.Equal(Severity.Malicious, finding.Severity);
        Assert.Equal("Crible.Test.EICAR.UNOFFICIAL", finding.Meta["signature"]);
        Assert.Contains("FOUND", finding.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PackedClamExe))]
    public async Task A_packed_clam_exe_is_detected_by_clamav_through_the_multi_engine_verdict(string name)
    {
        using var engine = Engine(clamd.Address);
        var report = await engine.Analyser.AnalyseAsync(await File.ReadAllBytesAsync(Path.Combine("/usr/share/clamav-testfiles", name)), name);

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains("clamav", report.DetectingEngines);
        Assert.Contains(report.AllFindings, f => f.Finding.Scanner == "clamav" && f.Finding.Id == "Crible.Test.ClamExe.UNOFFICIAL");
    }

    [Fact]
    public async Task A_clean_file_gets_no_clamav_finding_and_stays_clean()
    {
        using var engine = Engine(clamd.Address);
        var report = await engine.Analyser.AnalyseAsync("Minutes of the meeting, nothing else.\n"u8.ToArray(), "minutes.txt");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Scanner == "clamav");
    }

    [Fact]
    public async Task A_stream_over_clamd_s_limit_is_incomplete_never_clean()
    {
        var content = new byte[ClamdProcess.StreamMaxBytes * 2];
        new Random(7).NextBytes(content);
        using var engine = Engine(clamd.Address);
        var report = await engine.Analyser.AnalyseAsync(content, "big.bin");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("clamav: clamd could not scan the file (INSTREAM size limit exceeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_clamd_makes_every_file_incomplete_never_clean()
    {
        using var engine = Engine($"127.0.0.1:{ClamdProcess.FreePort()}");
        var report = await engine.Analyser.AnalyseAsync("plain text\n"u8.ToArray(), "note.txt");

        Assert.Contains(engine.Problems, p => p.StartsWith("clamav: clamd at 127.0.0.1:", StringComparison.Ordinal));
        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.Contains("is unreachable", StringComparison.Ordinal));
    }

    private static CribleEngine Engine(string address) =>
        CribleEngine.Load(new CribleOptions { Signatures = { ClamAv = { Address = address, Timeout = TimeSpan.FromSeconds(30) } } });
}
