using System.Text;
using Crible.Model;
using Crible.Scanners.Dynamic;

namespace Crible.Tests.Scanners.Dynamic;

/// <summary>The rules on traces written by hand, in strace's own format, so each rule is checked without a sandbox.</summary>
public sealed class BehaviourRulesTests
{
    private const string Start =
        "06:00:00.000001 execve(\"\\x2f\\x62\\x69\\x6e\\x2f\\x73\\x68\", [], 0x1) = 0\n" +
        "06:00:00.000002 execve(\"\\x2f\\x77\\x6f\\x72\\x6b\\x2f\\x73\\x61\\x6d\\x70\\x6c\\x65\", [], 0x1) = 0\n";

    [Theory]
    [InlineData("/etc/ld.so.preload", "persistence-ld-preload", "T1574.006", Severity.Malicious)]
    [InlineData("/root/.ssh/authorized_keys", "persistence-authorized-keys", "T1098.004", Severity.Malicious)]
    [InlineData("/var/spool/cron/crontabs/root", "persistence-cron", "T1053.003", Severity.Suspicious)]
    [InlineData("/etc/systemd/system/backdoor.service", "persistence-systemd", "T1543.002", Severity.Suspicious)]
    [InlineData("/home/user/.bashrc", "persistence-shell-rc", "T1546.004", Severity.Suspicious)]
    [InlineData("/etc/rc.local", "persistence-rc-script", "T1037.004", Severity.Suspicious)]
    public void Writing_a_persistence_location_is_reported_even_when_refused(string path, string id, string technique, Severity severity)
    {
        var findings = Evaluate($"06:00:01.000000 openat(AT_FDCWD, {Hex(path)}, O_WRONLY|O_CREAT|O_APPEND, 0644) = -1 EROFS (Read-only file system)\n");

        var finding = Assert.Single(findings, f => f.Id == id);
        Assert.Equal(severity, finding.Severity);
        Assert.Equal([technique], finding.Attack);
        Assert.Contains("(refused)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_the_shadow_file_alone_is_suspicious_and_followed_by_a_connection_it_is_malicious()
    {
        var read = $"06:00:01.000000 openat(AT_FDCWD, {Hex("/etc/shadow")}, O_RDONLY) = -1 ENOENT (No such file or directory)\n";
        var connect = $"06:00:02.000000 connect(3, {{sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr({Hex("198.51.100.4")})}}, 16) = -1 ENETUNREACH (Network is unreachable)\n";

        Assert.Equal(Severity.Suspicious, Assert.Single(Evaluate(read), f => f.Id == "credential-file-read").Severity);
        var theft = Assert.Single(Evaluate(read + connect), f => f.Id == "credential-theft");
        Assert.Equal(Severity.Malicious, theft.Severity);
        Assert.Contains("198.51.100.4:443", theft.Evidence, StringComparison.Ordinal);
        Assert.Contains("T1003.008", theft.Attack);
    }

    [Fact]
    public void Many_files_renamed_with_a_new_suffix_are_a_mass_rewrite()
    {
        var trace = new StringBuilder();
        for (var i = 0; i < BehaviourRules.MassRewriteThreshold; i++)
        {
            trace.Append($"06:00:01.000000 rename({Hex($"/home/user/Documents/f{i}.docx")}, {Hex($"/home/user/Documents/f{i}.docx.locked")}) = 0\n");
        }

        var finding = Assert.Single(Evaluate(trace.ToString()), f => f.Id == "mass-file-rewrite");

        Assert.Equal((Severity.Malicious, "T1486"), (finding.Severity, Assert.Single(finding.Attack)));
    }

    [Fact]
    public void A_few_renames_are_not_a_mass_rewrite()
    {
        var trace = $"06:00:01.000000 rename({Hex("/work/a")}, {Hex("/work/a.bak")}) = 0\n";

        Assert.DoesNotContain(Evaluate(trace), f => f.Id == "mass-file-rewrite");
    }

    [Fact]
    public void Refused_forks_past_the_threshold_are_a_fork_bomb()
    {
        var trace = string.Concat(Enumerable.Repeat("[pid 9] 06:00:01.000000 clone(child_stack=NULL, flags=SIGCHLD) = -1 EAGAIN (Resource temporarily unavailable)\n", EvasionRules.ForkBombThreshold));

        Assert.Equal(Severity.Malicious, Assert.Single(Evaluate(trace), f => f.Id == "fork-bomb").Severity);
    }

    [Fact]
    public void A_stratum_url_in_a_command_line_is_a_cryptominer()
    {
        var trace = $"06:00:01.000000 execve({Hex("/tmp/xmr")}, [{Hex("xmr")}, {Hex("-o")}, {Hex("stratum+tcp://pool.example.net:3333")}], 0x1) = 0\n";

        var finding = Assert.Single(Evaluate(trace), f => f.Id == "cryptominer");

        Assert.Equal(["T1496"], finding.Attack);
        Assert.Contains("stratum+tcp://pool.example.net:3333", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_wrapper_that_starts_the_sample_is_not_its_behaviour()
    {
        var timeline = TimelineBuilder.Build(StraceParser.Parse(
            $"06:00:00.000000 openat(AT_FDCWD, {Hex("/dev/null")}, O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3\n" + Start), "/work/sample");

        Assert.True(timeline.SampleStarted);
        Assert.Empty(timeline.Events);
    }

    [Fact]
    public void A_sample_the_kernel_refuses_to_run_says_why()
    {
        var timeline = TimelineBuilder.Build(StraceParser.Parse(
            "06:00:00.000001 execve(\"\\x2f\\x62\", [], 0x1) = 0\n06:00:00.000002 execve(\"\\x2f\\x77\", [], 0x1) = -1 ENOEXEC (Exec format error)\n"), "/work/sample");

        Assert.False(timeline.SampleStarted);
        Assert.Equal("the kernel refused to start it: ENOEXEC (Exec format error)", timeline.StartProblem);
    }

    private static List<BehaviourFinding> Evaluate(string body) =>
        BehaviourRules.Evaluate(TimelineBuilder.Build(StraceParser.Parse(Start + body), "/work/sample"), new RunFacts("/work/sample", new HashSet<string>()));

    private static string Hex(string text) => "\"" + string.Concat(Encoding.UTF8.GetBytes(text).Select(b => $"\\x{b:x2}")) + "\"";
}
