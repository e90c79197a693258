using System.ComponentModel;
using System.Diagnostics;

namespace Crible.Sandbox;

/// <summary>
/// Runs one command in a fresh bubblewrap sandbox: every namespace unshared (no network but loopback, its own
/// processes, no way to make new user namespaces), capabilities dropped, a read-only /usr, a private size-capped
/// /tmp, one writable work folder, read-only inputs, resource limits (address space, CPU, file size, processes, open
/// files), a seccomp filter on x86-64, a wall-clock timeout and bounded output capture. The whole sandbox is killed on
/// timeout, on cancellation and when it fills its work folder. Reusable by any tool that parses or runs untrusted data.
/// </summary>
public sealed class BubblewrapSandbox
{
    /// <summary>Where the request's work folder appears inside the sandbox.</summary>
    public const string WorkPath = "/work";

    private static readonly TimeSpan QuotaPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly SandboxTools? _tools;
    private readonly string? _toolsProblem;
    private readonly Lazy<Task<SandboxAvailability>> _availability;

    /// <param name="bwrapPath">bubblewrap's path; found on PATH when null.</param>
    public BubblewrapSandbox(string? bwrapPath = null)
    {
        _tools = SandboxTools.Find(bwrapPath, out _toolsProblem);
        _availability = new Lazy<Task<SandboxAvailability>>(ProbeAsync);
    }

    /// <summary>True when a seccomp filter is applied to sandboxed commands on this machine (x86-64 only).</summary>
    public static bool AppliesSeccomp => SeccompFilter.IsSupported;

    /// <summary>Whether a sandbox can be made here; checked once by running <c>true</c> in one.</summary>
    public Task<SandboxAvailability> CheckAvailabilityAsync() => _availability.Value;

    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_tools is null)
        {
            return SandboxResult.Unavailable(_toolsProblem!);
        }

        if (request.Command.Count == 0 || !Directory.Exists(request.WorkDirectory))
        {
            throw new ArgumentException("A sandbox request needs a command and an existing work folder.", nameof(request));
        }

        if (request.WritableMounts.FirstOrDefault(m => !Directory.Exists(m.HostPath)) is { } missing)
        {
            throw new ArgumentException($"The writable folder {missing.HostPath} does not exist.", nameof(request));
        }

        foreach (var folder in request.WritableMounts.Select(m => m.HostPath).Prepend(request.WorkDirectory))
        {
            if (_tools.DropToSandboxUser && !NativeFiles.TryChangeOwner(folder, SandboxTools.SandboxUser, SandboxTools.SandboxUser))
            {
                return SandboxResult.Unavailable($"cannot give the work folder {folder} to the sandbox user");
            }
        }

        var control = Directory.CreateTempSubdirectory("crible-sandbox-");
        try
        {
            return await RunInSandboxAsync(_tools, request, control.FullName, cancellation).ConfigureAwait(false);
        }
        finally
        {
            DeleteQuietly(control);
        }
    }

    private static void DeleteQuietly(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Trace.TraceWarning($"Could not delete the sandbox folder {folder.FullName}: {exception.Message}");
        }
    }

    private static async Task<SandboxResult> RunInSandboxAsync(SandboxTools tools, SandboxRequest request, string control, CancellationToken cancellation)
    {
        string? seccompPath = null;
        if (SeccompFilter.Build(request.AllowTracing) is { } filter)
        {
            seccompPath = Path.Combine(control, "seccomp.bpf");
            await File.WriteAllBytesAsync(seccompPath, filter, cancellation).ConfigureAwait(false);
        }

        var statusPath = Path.Combine(control, "status.json");
        var start = new ProcessStartInfo(SandboxTools.LauncherShell)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in BubblewrapCommandLine.Build(tools, request, seccompPath, statusPath))
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The sandbox launcher did not start.");
        var bound = request.Limits.CapturedOutputBytes;
        var output = BoundedCapture.ReadAsync(process.StandardOutput.BaseStream, bound);
        var error = BoundedCapture.ReadAsync(process.StandardError.BaseStream, bound);
        var status = await WaitAsync(process, request, cancellation).ConfigureAwait(false);
        await DrainAsync(output, error).ConfigureAwait(false);
        clock.Stop();

        var stdout = output.IsCompletedSuccessfully ? output.Result : null;
        var stderr = error.IsCompletedSuccessfully ? error.Result : null;
        var truncated = stdout?.Truncated == true || stderr?.Truncated == true;
        var errorText = stderr?.Text ?? string.Empty;
        if (!CommandStarted(statusPath) || IsSetupFailure(status, process, errorText))
        {
            return SandboxResult.Unavailable($"bubblewrap could not make the sandbox: {FirstLine(errorText, "no message")}");
        }

        int? exitCode = status == SandboxStatus.Exited ? process.ExitCode : null;
        var problem = status switch
        {
            SandboxStatus.TimedOut => $"killed after {request.Timeout.TotalSeconds:0.#} s",
            SandboxStatus.WorkDirectoryFull => $"killed for writing more than {request.Limits.WorkDirectoryBytes} bytes, more than {request.Limits.WorkDirectoryEntries} entries or folders deeper than {SandboxFileTree.MaxDepth}",
            _ => null,
        };
        return new SandboxResult(status, exitCode, stdout?.Text ?? string.Empty, errorText, truncated, clock.Elapsed, process.Id, problem);
    }

    /// <summary>Waits for the end, watching the work folder; kills the whole tree on timeout, overflow or cancellation.</summary>
    private static async Task<SandboxStatus> WaitAsync(Process process, SandboxRequest request, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(request.Timeout);
        var exited = process.WaitForExitAsync(CancellationToken.None);
        try
        {
            while (!exited.IsCompleted)
            {
                await Task.WhenAny(exited, Task.Delay(QuotaPollInterval, timeout.Token)).ConfigureAwait(false);
                timeout.Token.ThrowIfCancellationRequested();
                if (!exited.IsCompleted && ExceedsQuota(request))
                {
                    await KillAsync(process, exited).ConfigureAwait(false);
                    return SandboxStatus.WorkDirectoryFull;
                }
            }

            return SandboxStatus.Exited;
        }
        catch (OperationCanceledException)
        {
            await KillAsync(process, exited).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            return SandboxStatus.TimedOut;
        }
    }

    /// <summary>The work folder and the writable folders share one quota of bytes and of entries.</summary>
    private static bool ExceedsQuota(SandboxRequest request)
    {
        var limits = request.Limits;
        long bytes = 0;
        var entries = 0;
        foreach (var folder in request.WritableMounts.Select(m => m.HostPath).Prepend(request.WorkDirectory))
        {
            var tree = SandboxFileTree.Walk(folder, limits.WorkDirectoryEntries - entries);
            bytes += tree.TotalBytes;
            entries += tree.Entries;
            if (tree.Truncated || bytes > limits.WorkDirectoryBytes)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task KillAsync(Process process, Task exited)
    {
        try
        {
            // bwrap's --die-with-parent and the PID namespace take care of what the tree walk might miss.
            process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception)
        {
            // It exited on its own in the meantime.
        }

        await exited.ConfigureAwait(false);
    }

    private static async Task DrainAsync(Task output, Task error)
    {
        var both = Task.WhenAll(output, error);
        await Task.WhenAny(both, Task.Delay(DrainTimeout)).ConfigureAwait(false);
    }

    /// <summary>bwrap writes the command's pid to its info fd once the sandbox is made; nothing there means it failed.</summary>
    private static bool CommandStarted(string statusPath)
    {
        try
        {
            return File.Exists(statusPath) && File.ReadAllText(statusPath).Contains("\"child-pid\"", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>bwrap reports what stopped it from building the sandbox on stderr as "bwrap: ..." and exits 1.</summary>
    private static bool IsSetupFailure(SandboxStatus status, Process process, string errorText) =>
        status == SandboxStatus.Exited && process.ExitCode == 1 && errorText.StartsWith("bwrap: ", StringComparison.Ordinal);

    private static string FirstLine(string text, string fallback)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(line) ? fallback : line.Length > 300 ? line[..300] : line;
    }

    private async Task<SandboxAvailability> ProbeAsync()
    {
        if (_tools is null)
        {
            return SandboxAvailability.Unavailable(_toolsProblem!);
        }

        var work = Directory.CreateTempSubdirectory("crible-sandbox-probe-");
        try
        {
            var request = new SandboxRequest { Command = ["/usr/bin/true"], WorkDirectory = work.FullName, Timeout = ProbeTimeout };
            var result = await RunAsync(request, CancellationToken.None).ConfigureAwait(false);
            return result.Status switch
            {
                SandboxStatus.Unavailable => SandboxAvailability.Unavailable(result.Problem!),
                _ when result.Succeeded => SandboxAvailability.Available,
                _ => SandboxAvailability.Unavailable($"a command that does nothing failed in the sandbox ({result.Problem ?? $"exit code {result.ExitCode}"}: {FirstLine(result.StandardError, "no message")})"),
            };
        }
        finally
        {
            DeleteQuietly(work);
        }
    }
}
