using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Crible.Sandbox;

namespace Crible.Tests.Sandbox;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BubblewrapSandboxTests
{
    private static readonly BubblewrapSandbox Sandbox = new();

    [Fact]
    public async Task The_sandbox_is_available_on_this_machine()
    {
        var availability = await Sandbox.CheckAvailabilityAsync();

        Assert.True(availability.IsAvailable, availability.Problem);
    }

    [Fact]
    public async Task A_command_cannot_reach_a_port_open_on_the_host_loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        using var folder = new SandboxFolder();

        var result = await RunAsync(folder, ["/bin/bash", "-c", "cat /proc/net/dev; echo hello > /dev/tcp/127.0.0.1/$1", "bash", port]);

        Assert.Equal(SandboxStatus.Exited, result.Status);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Connection refused", result.StandardError, StringComparison.Ordinal);
        Assert.False(listener.Pending());
        var interfaces = result.StandardOutput.Split('\n').Skip(2).Where(l => l.Contains(':', StringComparison.Ordinal)).Select(l => l.Split(':')[0].Trim());
        Assert.Equal(["lo"], interfaces);
    }

    [Fact]
    public async Task A_command_cannot_write_outside_its_work_folder()
    {
        using var folder = new SandboxFolder();
        var canary = Path.Combine(folder.Root, "canary.txt");
        await File.WriteAllTextAsync(canary, "untouched");
        File.SetUnixFileMode(canary, (UnixFileMode)0x1B6);
        var script = "echo changed > \"$1\"; echo changed > /usr/canary; echo changed > /canary; echo written > inside.txt; true";

        var result = await RunAsync(folder, ["/bin/sh", "-c", script, "sh", canary]);

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal("untouched", await File.ReadAllTextAsync(canary));
        Assert.False(File.Exists("/usr/canary"));
        Assert.Equal("written\n", await File.ReadAllTextAsync(Path.Combine(folder.Work, "inside.txt")));
    }

    [Fact]
    public async Task A_read_only_input_can_be_read_but_not_changed()
    {
        using var folder = new SandboxFolder();
        var input = Path.Combine(folder.Root, "input.txt");
        await File.WriteAllTextAsync(input, "sample");
        File.SetUnixFileMode(input, (UnixFileMode)0x1B6);
        var request = Request(folder, ["/bin/sh", "-c", "cat /input/sample; echo changed > /input/sample"]) with
        {
            ReadOnlyMounts = [new SandboxMount(input, "/input/sample")],
        };

        var result = await Sandbox.RunAsync(request, CancellationToken.None);

        Assert.Equal("sample", result.StandardOutput);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("sample", await File.ReadAllTextAsync(input));
    }

    [Fact]
    public async Task A_command_past_its_timeout_is_killed_with_nothing_left_running()
    {
        using var folder = new SandboxFolder();
        var marker = "600." + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var request = Request(folder, ["/bin/sh", "-c", "sleep $1 & sleep $1", "sh", marker]) with { Timeout = TimeSpan.FromSeconds(1) };

        var result = await Sandbox.RunAsync(request, CancellationToken.None);

        Assert.Equal(SandboxStatus.TimedOut, result.Status);
        Assert.Null(result.ExitCode);
        Assert.InRange(result.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        Assert.False(Directory.Exists($"/proc/{result.ProcessId}"));
        Assert.Empty(ProcessesWhoseCommandLineContains(marker));
    }

    [Fact]
    public async Task Cancelling_the_caller_kills_the_sandbox_and_throws()
    {
        using var folder = new SandboxFolder();
        var marker = "601." + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sandbox.RunAsync(Request(folder, ["/bin/sleep", marker]), cancellation.Token));

        Assert.Empty(ProcessesWhoseCommandLineContains(marker));
    }

    [Fact]
    public async Task The_file_size_limit_stops_a_writer_at_the_cap()
    {
        using var folder = new SandboxFolder();
        var request = Request(folder, ["/bin/sh", "-c", "head -c 100M /dev/zero > out"]) with
        {
            Limits = new SandboxLimits { FileSizeBytes = 1024 * 1024 },
        };

        var result = await Sandbox.RunAsync(request, CancellationToken.None);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(1024 * 1024, new FileInfo(Path.Combine(folder.Work, "out")).Length);
    }

    [Fact]
    public async Task A_command_that_fills_its_work_folder_is_killed()
    {
        using var folder = new SandboxFolder();
        var request = Request(folder, ["/bin/sh", "-c", "i=0; while true; do head -c 1M /dev/zero > f$i; i=$((i+1)); done"]) with
        {
            Limits = new SandboxLimits { WorkDirectoryBytes = 8 * 1024 * 1024 },
        };

        var result = await Sandbox.RunAsync(request, CancellationToken.None);

        Assert.Equal(SandboxStatus.WorkDirectoryFull, result.Status);
        Assert.Contains("more than 8388608 bytes", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_process_limit_stops_a_fork_bomb()
    {
        using var folder = new SandboxFolder();
        var request = Request(folder, ["/bin/sh", "-c", "i=0; while [ $i -lt 40 ]; do sleep 2 & i=$((i+1)); done; wait"]) with
        {
            Limits = new SandboxLimits { Processes = 8 },
        };

        var result = await Sandbox.RunAsync(request, CancellationToken.None);

        Assert.Contains("fork", result.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Output_is_captured_up_to_its_bound()
    {
        using var folder = new SandboxFolder();
        var request = Request(folder, ["/bin/sh", "-c", "head -c 1M /dev/zero | tr '\\0' a"]) with
        {
            Limits = new SandboxLimits { CapturedOutputBytes = 1000 },
        };

        var result = await Sandbox.RunAsync(request, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.True(result.OutputTruncated);
        Assert.Equal(new string('a', 1000), result.StandardOutput);
    }

    [Fact]
    public async Task The_command_runs_as_nobody_with_no_capability_and_an_empty_environment()
    {
        using var folder = new SandboxFolder();

        var result = await RunAsync(folder, ["/bin/sh", "-c", "id -u; grep CapEff /proc/self/status; env | sort"]);

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("65534", lines[0]);
        Assert.Equal("CapEff:\t0000000000000000", lines[1]);
        Assert.DoesNotContain(lines, l => l.StartsWith("DOTNET", StringComparison.Ordinal) || l.StartsWith("USER=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Seccomp_denies_new_namespaces_and_tracing_unless_tracing_is_allowed()
    {
        if (!BubblewrapSandbox.AppliesSeccomp)
        {
            return; // The filter exists for x86-64 only.
        }

        using var folder = new SandboxFolder();
        const string Script = "unshare -U true 2>&1; mkfifo pipe 2>&1; strace -o /dev/null true 2>&1 | head -1";

        var denied = await RunAsync(folder, ["/bin/sh", "-c", Script]);
        var traced = await Sandbox.RunAsync(Request(folder, ["/usr/bin/strace", "-o", "/dev/null", "/usr/bin/true"]) with { AllowTracing = true }, CancellationToken.None);

        Assert.Contains("unshare failed: Operation not permitted", denied.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("mkfifo: cannot create fifo 'pipe': Operation not permitted", denied.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PTRACE_TRACEME: Operation not permitted", denied.StandardOutput, StringComparison.Ordinal);
        Assert.True(traced.Succeeded, traced.StandardError);
    }

    [Fact]
    public async Task A_missing_bubblewrap_is_reported_as_unavailable()
    {
        var sandbox = new BubblewrapSandbox("/nonexistent/bwrap");
        using var folder = new SandboxFolder();

        var availability = await sandbox.CheckAvailabilityAsync();
        var result = await sandbox.RunAsync(Request(folder, ["/usr/bin/true"]), CancellationToken.None);

        Assert.False(availability.IsAvailable);
        Assert.Contains("bubblewrap", availability.Problem, StringComparison.Ordinal);
        Assert.Equal(SandboxStatus.Unavailable, result.Status);
    }

    [Fact]
    public async Task A_sandbox_bubblewrap_cannot_build_is_reported_as_unavailable_not_as_a_failed_command()
    {
        using var folder = new SandboxFolder();
        var request = Request(folder, ["/usr/bin/true"]) with { ReadOnlyMounts = [new SandboxMount("/nonexistent/input", "/input/sample")] };

        var result = await Sandbox.RunAsync(request, CancellationToken.None);

        Assert.Equal(SandboxStatus.Unavailable, result.Status);
        Assert.StartsWith("bubblewrap could not make the sandbox: bwrap:", result.Problem, StringComparison.Ordinal);
    }

    private static SandboxRequest Request(SandboxFolder folder, IReadOnlyList<string> command) =>
        new() { Command = command, WorkDirectory = folder.Work, Timeout = TimeSpan.FromSeconds(30) };

    private static Task<SandboxResult> RunAsync(SandboxFolder folder, IReadOnlyList<string> command) =>
        Sandbox.RunAsync(Request(folder, command), CancellationToken.None);

    private static List<string> ProcessesWhoseCommandLineContains(string marker)
    {
        var found = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add($"{Path.GetFileName(folder)}: {commandLine}");
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Not a process, or it ended while we looked.
            }
        }

        return found;
    }
}
