using System.Globalization;

namespace Crible.Sandbox;

/// <summary>
/// The argument list that starts one sandbox: a fixed host shell script opens the seccomp program and bwrap's
/// status file (as the service's own user), then, when the service runs as root, <c>setpriv</c> drops to the sandbox
/// user before bwrap starts, so the sandbox owns nothing on the host and RLIMIT_NPROC applies; inside,
/// <c>prlimit</c> sets the resource limits and execs the command.
/// </summary>
internal static class BubblewrapCommandLine
{
    public const string SeccompFd = "3";
    public const string StatusFd = "4";

    // Paths and arguments are only ever positional parameters, never part of the script's text.
    private const string Launcher =
        "filter=$1; status=$2; shift 2; " +
        "if [ -n \"$filter\" ]; then exec \"$@\" 3<\"$filter\" 4>\"$status\" </dev/null; fi; " +
        "exec \"$@\" 4>\"$status\" </dev/null";

    /// <summary>Top-level folders that merged-/usr systems make symbolic links into /usr.</summary>
    private static readonly string[] RootFolders = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    public static List<string> Build(SandboxTools tools, SandboxRequest request, string? seccompPath, string statusPath)
    {
        var arguments = new List<string> { "-c", Launcher, "sh", seccompPath ?? string.Empty, statusPath };
        if (tools.DropToSandboxUser)
        {
            arguments.AddRange(
            [
                tools.Setpriv!,
                $"--reuid={SandboxTools.SandboxUser}",
                $"--regid={SandboxTools.SandboxUser}",
                "--clear-groups",
                "--no-new-privs",
                "--",
            ]);
        }

        arguments.Add(tools.Bwrap);
        AddNamespaces(arguments);
        AddFileSystem(arguments, request);
        AddEnvironment(arguments, request);
        if (seccompPath is not null)
        {
            arguments.AddRange(["--seccomp", SeccompFd]);
        }

        arguments.AddRange(["--info-fd", StatusFd, "--", SandboxTools.PrlimitInside]);
        AddLimits(arguments, request.Limits);
        arguments.Add("--");
        arguments.AddRange(request.Command);
        return arguments;
    }

    private static void AddNamespaces(List<string> arguments) => arguments.AddRange(
    [
        "--unshare-all",
        "--unshare-user",
        "--disable-userns",
        "--die-with-parent",
        "--new-session",
        "--cap-drop", "ALL",
        "--uid", SandboxTools.SandboxUser.ToString(CultureInfo.InvariantCulture),
        "--gid", SandboxTools.SandboxUser.ToString(CultureInfo.InvariantCulture),
        "--hostname", "sandbox",
    ]);

    private static void AddFileSystem(List<string> arguments, SandboxRequest request)
    {
        arguments.AddRange(["--ro-bind", "/usr", "/usr"]);
        foreach (var folder in RootFolders)
        {
            var info = new DirectoryInfo(folder);
            if (info.LinkTarget is { } target)
            {
                arguments.AddRange(["--symlink", target, folder]);
            }
            else if (info.Exists)
            {
                arguments.AddRange(["--ro-bind", folder, folder]);
            }
        }

        // The dynamic loader's cache is the only thing from /etc the tools need.
        arguments.AddRange(["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]);
        arguments.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        if (!request.WritableMounts.Any(m => m.SandboxPath == "/tmp"))
        {
            arguments.AddRange(["--perms", "1777", "--size", request.Limits.TmpBytes.ToString(CultureInfo.InvariantCulture), "--tmpfs", "/tmp"]);
        }

        arguments.AddRange(["--bind", request.WorkDirectory, BubblewrapSandbox.WorkPath]);
        foreach (var mount in request.WritableMounts)
        {
            arguments.AddRange(["--bind", mount.HostPath, mount.SandboxPath]);
        }
        foreach (var mount in request.ReadOnlyMounts)
        {
            arguments.AddRange(["--ro-bind", mount.HostPath, mount.SandboxPath]);
        }

        // The root bwrap builds is a tmpfs: read-only, so nothing is written where it would not be collected.
        arguments.AddRange(["--remount-ro", "/", "--chdir", BubblewrapSandbox.WorkPath]);
    }

    private static void AddEnvironment(List<string> arguments, SandboxRequest request)
    {
        arguments.AddRange(
        [
            "--clearenv",
            "--setenv", "PATH", "/usr/bin:/bin",
            "--setenv", "HOME", BubblewrapSandbox.WorkPath,
            "--setenv", "TMPDIR", "/tmp",
            "--setenv", "LANG", "C.UTF-8",
        ]);
        foreach (var (name, value) in request.Environment)
        {
            arguments.AddRange(["--setenv", name, value]);
        }
    }

    private static void AddLimits(List<string> arguments, SandboxLimits limits)
    {
        var culture = CultureInfo.InvariantCulture;
        arguments.AddRange(
        [
            "--as=" + limits.AddressSpaceBytes.ToString(culture),
            // Soft below hard, so a CPU burner dies of SIGXCPU (which says why) rather than of a bare SIGKILL.
            "--cpu=" + limits.CpuSeconds.ToString(culture) + ":" + ((long)limits.CpuSeconds + 1).ToString(culture),
            "--fsize=" + limits.FileSizeBytes.ToString(culture),
            "--nproc=" + limits.Processes.ToString(culture),
            "--nofile=" + limits.OpenFiles.ToString(culture),
            "--core=0",
        ]);
    }
}
