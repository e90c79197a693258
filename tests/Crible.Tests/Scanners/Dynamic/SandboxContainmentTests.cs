using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Crible.Model;
using Crible.Sandbox;
using Crible.Tests.Sandbox;
using static Crible.Tests.Scanners.Dynamic.DynamicSamples;

namespace Crible.Tests.Scanners.Dynamic;

/// <summary>The safety proof: hostile samples built by the test run in the sandbox, get nowhere, and are reported;
/// the test process and the host are unharmed. These tests need bubblewrap, strace and gcc and fail without them.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SandboxContainmentTests
{
    [Fact]
    public async Task The_sandbox_and_its_tracer_are_installed()
    {
        Assert.True(File.Exists("/usr/bin/strace"), "strace is missing: run scripts/install-deps.sh test");
        var availability = await new BubblewrapSandbox().CheckAvailabilityAsync();
        Assert.True(availability.IsAvailable, availability.Problem);
    }

    [Fact]
    public async Task Connections_to_loopback_and_to_a_public_address_get_nowhere_and_are_reported()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var sample = CompileC($$"""
            #include <arpa/inet.h>
            #include <netdb.h>
            #include <sys/socket.h>
            #include <unistd.h>
            static int reach(const char *ip, int port) {
                struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(port); inet_pton(AF_INET, ip, &a.sin_addr);
                int s = socket(AF_INET, SOCK_STREAM, 0); int r = connect(s, (struct sockaddr *)&a, sizeof a); close(s); return r;
            }
            int main(void) {
                struct addrinfo *found;
                int local = reach("127.0.0.1", {{port}}), remote = reach("203.0.113.10", 80);
                getaddrinfo("c2.example.com", "443", 0, &found);
                return local == 0 || remote == 0 ? 0 : 3;
            }
            """);

        var report = await RunAsync(sample, "beacon");

        Assert.False(listener.Pending());
        var network = Finding(report, "network-connection-attempt");
        Assert.Contains("203.0.113.10:80", network.Evidence, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", network.Evidence, StringComparison.Ordinal);
        Assert.Contains("c2.example.com", network.Evidence, StringComparison.Ordinal);
        Assert.Contains("exit code 3", Timeline(report), StringComparison.Ordinal);
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Ip && i.Value == "203.0.113.10");
        Assert.Contains(report.Iocs, i => i.Kind == IndicatorKind.Domain && i.Value == "c2.example.com");
    }

    [Fact]
    public async Task A_sample_cannot_change_host_files_nor_read_the_hosts_secrets()
    {
        using var folder = new SandboxFolder();
        var canary = Path.Combine(folder.Root, "canary.txt");
        var database = Path.Combine(folder.Root, "crible.db");
        await File.WriteAllTextAsync(canary, "untouched");
        await File.WriteAllTextAsync(database, "SECRET-DATABASE-ROW");
        File.SetUnixFileMode(canary, (UnixFileMode)0x1B6);
        File.SetUnixFileMode(database, (UnixFileMode)0x1B6);
        var script = $"""
            #!/bin/sh
            echo changed > '{canary}'
            echo changed > /usr/bin/crible-canary
            cat /root/.bash_history '{database}' > /tmp/loot 2>&1
            echo changed > /etc/passwd
            true
            """;

        var report = await RunScriptAsync(script, "steal.sh");

        Assert.Equal("untouched", await File.ReadAllTextAsync(canary));
        Assert.False(File.Exists("/usr/bin/crible-canary"));
        var timeline = Timeline(report);
        Assert.Contains($"read {database} (failed)", timeline, StringComparison.Ordinal);
        Assert.Contains("read /root/.bash_history (failed)", timeline, StringComparison.Ordinal);
        Assert.Contains("write /etc/passwd O_WRONLY|O_CREAT|O_TRUNC (failed)", timeline, StringComparison.Ordinal);
        var loot = Assert.Single(report.Nodes, n => n.Name == "tmp/loot");
        Assert.Equal(Relation.Dropped, loot.Relation);
        Assert.DoesNotContain(report.Nodes, n => n.Sha256 == Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("SECRET-DATABASE-ROW"u8)));
    }

    [Fact]
    public async Task A_sample_that_kills_its_tracer_is_contained_and_the_run_says_what_was_not_seen()
    {
        var sample = CompileC("""
            #include <signal.h>
            #include <unistd.h>
            int main(void) { kill(getppid(), SIGKILL); sleep(30); return 0; }
            """);

        var report = await RunAsync(sample, "killer");

        Assert.Contains("kill(2, SIGKILL)", Finding(report, "kills-tracer").Evidence, StringComparison.Ordinal);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.Contains("tracer was killed", StringComparison.Ordinal));
        Assert.Empty(await LeftoversAfterAsync());
    }

    [Fact]
    public async Task A_fork_bomb_is_stopped_at_the_process_limit_and_nothing_is_left_running()
    {
        var sample = CompileC("""
            #include <unistd.h>
            int main(void) { for (;;) fork(); }
            """);

        var report = await RunAsync(sample, "bomb");

        Assert.Equal(Severity.Malicious, Finding(report, "fork-bomb").Severity);
        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Empty(await LeftoversAfterAsync());
    }

    [Fact]
    public async Task A_sample_that_fills_the_disk_is_killed_at_its_quota()
    {
        var script = "#!/bin/sh\ni=0; while :; do head -c 1048576 /dev/zero > /tmp/fill$i; i=$((i+1)); done";

        var report = await RunScriptAsync(script, "fill.sh");

        Assert.Equal(Severity.Suspicious, Finding(report, "fills-disk").Severity);
        Assert.Contains("stopped for writing past its quota", Timeline(report), StringComparison.Ordinal);
        Assert.Empty(await LeftoversAfterAsync());
    }

    [Fact]
    public async Task A_sample_that_sleeps_forever_is_stopped_at_the_wall_clock_limit()
    {
        var report = await RunScriptAsync("#!/bin/sh\nsleep 86400\n", "sleeper.sh");

        Assert.Contains("stopped at the 8 s limit", Timeline(report), StringComparison.Ordinal);
        Assert.Contains("86400", Finding(report, "long-sleep").Evidence, StringComparison.Ordinal);
        Assert.Empty(await LeftoversAfterAsync());
    }

    [Fact]
    public async Task A_trivial_program_runs_clean()
    {
        var sample = CompileC("""
            #include <stdio.h>
            int main(void) { puts("hello"); return 0; }
            """);

        var report = await RunAsync(sample, "hello");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Contains("exit code 0", Timeline(report), StringComparison.Ordinal);
        Assert.Single(report.Nodes);
    }
}
