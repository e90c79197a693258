using System.Text;
using Crible.Model;
using Crible.Reporting;
using Crible.Scanners.Iocs;

namespace Crible.Tests.Scanners.Iocs;

public sealed class IocExtractorTests
{
    private static List<string> Values(string text, IndicatorKind kind) =>
        [.. IocExtractor.Extract(text).Where(i => i.Kind == kind).Select(i => i.Value)];

    [Fact]
    public void Urls_give_their_hosts_and_lose_trailing_punctuation()
    {
        var text = "Download it from https://files.example.net/a/b.exe?x=1. Or see (http://10.1.2.3:8080/p) and \"http:\\/\\/cdn.example.org\\/x.js\".";

        Assert.Equal(["https://files.example.net/a/b.exe?x=1", "http://10.1.2.3:8080/p", "http://cdn.example.org/x.js"], Values(text, IndicatorKind.Url));
        Assert.Contains("files.example.net", Values(text, IndicatorKind.Domain));
        Assert.Contains("10.1.2.3", Values(text, IndicatorKind.Ip));
    }

    [Fact]
    public void Version_numbers_property_accesses_and_file_names_are_not_indicators()
    {
        var text = "Version 1.2.3.4 and v2.0.0.1; build 10.0.19041.1; console.info(x); this.name; readme.md; setup.py; logo@2x.png; a.b; 1.3.6.1.4.1.311";

        Assert.DoesNotContain(IocExtractor.Extract(text), i => i.Kind is IndicatorKind.Ip or IndicatorKind.Domain or IndicatorKind.Email or IndicatorKind.Url);
    }

    [Fact]
    public void Addresses_domains_paths_and_registry_keys_are_found()
    {
        var text = """
            contact admin@mail.example.com, server 192.168.10.20 or fe80::1ff:fe23:4567:890a
            beacon to update-check.xyz every hour
            copy to C:\Users\Public\svchost.exe and %APPDATA%\Microsoft\run.vbs, then /tmp/.x/payload
            reg add HKCU\Software\Microsoft\Windows\CurrentVersion\Run /v x
            """;

        Assert.Equal(["admin@mail.example.com"], Values(text, IndicatorKind.Email));
        Assert.Equal(["192.168.10.20", "fe80::1ff:fe23:4567:890a"], Values(text, IndicatorKind.Ip));
        Assert.Contains("update-check.xyz", Values(text, IndicatorKind.Domain));
        Assert.Equal([@"C:\Users\Public\svchost.exe", @"%APPDATA%\Microsoft\run.vbs", "/tmp/.x/payload"], Values(text, IndicatorKind.Path));
        Assert.Equal([@"HKCU\Software\Microsoft\Windows\CurrentVersion\Run"], Values(text, IndicatorKind.Registry));
    }

    [Fact]
    public void Xml_namespaces_are_not_indicators()
    {
        var text = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:x=\"http://www.w3.org/1999/xhtml\">";

        Assert.Empty(IocExtractor.Extract(text));
    }

    [Fact]
    public void Hostile_text_is_read_in_bounded_time_and_results()
    {
        var text = new StringBuilder();
        for (var index = 0; index < 20_000; index++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"http://h{index}.example.com/ a{index}.example.com 10.0.{index % 250}.{index % 200} ");
        }

        Assert.Equal(IocExtractor.MaxIndicators, IocExtractor.Extract(text.ToString()).Count);
    }

    [Fact]
    public void Defanged_values_cannot_be_followed()
    {
        Assert.Equal("hxxps://evil[.]example[.]com/a.b/c", Defanging.Defang(new Indicator(IndicatorKind.Url, "https://evil.example.com/a.b/c", "iocs")));
        Assert.Equal("10[.]0[.]0[.]1", Defanging.Defang(new Indicator(IndicatorKind.Ip, "10.0.0.1", "iocs")));
        Assert.Equal("a[@]b[.]org", Defanging.Defang(new Indicator(IndicatorKind.Email, "a@b.org", "iocs")));
    }

    [Fact]
    public async Task Indicators_of_a_text_file_reach_the_report_as_found()
    {
        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes("Please pay at https://pay.example-invoice.com/now today.\n"), "note.txt");

        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "https://pay.example-invoice.com/now" && i.Scanner == "iocs");
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Domain && i.Value == "pay.example-invoice.com");
    }
}
