using System.Text.Json;
using Crible.Model;
using Crible.Reporting;

namespace Crible.Tests.Reporting;

public sealed class SecurityProceduresTests
{
    [Fact]
    public async Task A_malicious_file_comes_with_steps_for_the_platform_the_people_and_the_security_team()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("eicar", "eicar_com.zip"));

        var procedure = Assert.IsType<SecurityProcedure>(report.Procedure);
        Assert.Equal("high", procedure.Urgency);
        Assert.Contains("eicar_com.zip/eicar.com", procedure.Summary, StringComparison.Ordinal);
        Assert.Equal(
            [ProcedureAudience.Platform, ProcedureAudience.People, ProcedureAudience.SecurityTeam],
            procedure.Steps.Select(s => s.Audience).Distinct());
        Assert.Contains(procedure.Steps, s => s.Audience == ProcedureAudience.Platform && s.Action.Contains(report.File.Sha256, StringComparison.Ordinal) && s.Action.Contains(report.Nodes[1].Sha256, StringComparison.Ordinal));
        using var json = JsonDocument.Parse(ReportJson.Serialize(report));
        var steps = json.RootElement.GetProperty("procedure").GetProperty("steps");
        Assert.Equal("platform", steps[0].GetProperty("audience").GetString());
        Assert.Contains(steps.EnumerateArray(), s => s.GetProperty("audience").GetString() == "security_team");
    }

    [Fact]
    public async Task A_clean_file_has_no_procedure()
    {
        var report = await TestEngine.Default.AnalyseAsync("just words\n"u8.ToArray(), "notes.txt");

        Assert.Null(report.Procedure);
        Assert.DoesNotContain("\"procedure\"", ReportJson.Serialize(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encrypted_archive_no_password_opens_asks_for_the_password_through_another_channel()
    {
        var archive = await File.ReadAllBytesAsync(TestPaths.Corpus("libarchive-testfiles", "cpio/test/test_option_passphrase.zip"));

        var report = await TestEngine.Default.AnalyseAsync(archive, "secret.zip");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        var procedure = Assert.IsType<SecurityProcedure>(report.Procedure);
        Assert.Equal("medium", procedure.Urgency);
        Assert.Contains("encrypted", procedure.Summary, StringComparison.Ordinal);
        Assert.Contains(procedure.Steps, s => s.Audience == ProcedureAudience.People && s.Action.Contains("password", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dropper_that_downloads_and_persists_gets_the_addresses_defanged_and_the_persistence_checks()
    {
        var finding = new Finding("emulation", "download-execute", Severity.Malicious, "Downloads and runs a program", "XMLHTTP GET http://evil.example/x.exe", ["T1105", "T1547.001", "T1059.007"]);
        var root = new ReportNode("invoice.js", "invoice.js", new string('a', 64), 100, "javascript", 0, Relation.Root, null, [finding], [])
        {
            Iocs = [new Indicator(IndicatorKind.Url, "http://evil.example/x.exe", "emulation")],
        };
        var report = new Report(Verdict.Malicious, new FileSummary("invoice.js", 100, new string('a', 64), "", "", "javascript"), [root], [new EngineResult("emulation", true, 1)], 1, [])
        {
            Iocs = root.Iocs,
            Attack = ["T1059.007", "T1105", "T1547.001"],
        };

        var procedure = SecurityProcedures.For(report)!;

        Assert.Contains(procedure.Steps, s => s.Action.Contains("hxxp://evil[.]example/x.exe", StringComparison.Ordinal));
        Assert.DoesNotContain(procedure.Steps, s => s.Action.Contains("http://evil.example", StringComparison.Ordinal));
        Assert.Contains(procedure.Steps, s => s.Audience == ProcedureAudience.SecurityTeam && s.Action.Contains("second stage", StringComparison.Ordinal));
        Assert.Contains(procedure.Steps, s => s.Audience == ProcedureAudience.SecurityTeam && s.Action.Contains("autostart entries", StringComparison.Ordinal));
        Assert.Contains("T1105", procedure.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_credential_phishing_page_tells_people_to_change_the_password_they_typed()
    {
        var finding = new Finding("html", "credential-phishing-form", Severity.Malicious, "A password form posts to a foreign host", "action=https://login.evil.example", ["T1566.001"]);
        var root = new ReportNode("login.html", "login.html", new string('b', 64), 100, "html", 0, Relation.Root, null, [finding], []);
        var report = new Report(Verdict.Malicious, new FileSummary("login.html", 100, new string('b', 64), "", "", "html"), [root], [new EngineResult("html", true, 1)], 1, []);

        var procedure = SecurityProcedures.For(report)!;

        Assert.Contains(procedure.Steps, s => s.Audience == ProcedureAudience.People && s.Action.Contains("change that password", StringComparison.Ordinal));
    }
}
