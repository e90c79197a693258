namespace Crible.Sandbox;

/// <summary>The host programs a sandbox needs, found once.</summary>
/// <param name="Bwrap">bubblewrap's path, null when it is not installed.</param>
/// <param name="Setpriv">util-linux's setpriv, used to leave root before bwrap starts.</param>
/// <param name="DropToSandboxUser">True when the service runs as root: bwrap then runs as the sandbox user.</param>
internal sealed record SandboxTools(string Bwrap, string? Setpriv, bool DropToSandboxUser)
{
    /// <summary>nobody: the user the sandbox runs as, inside and (when the service is root) outside.</summary>
    public const uint SandboxUser = 65534;

    /// <summary>util-linux's prlimit as the sandbox sees it (/usr is bound as is).</summary>
    public const string PrlimitInside = "/usr/bin/prlimit";

    private const string Shell = "/bin/sh";

    public static string LauncherShell => Shell;

    /// <summary>Finds the tools; null with a reason a user can act on when one is missing.</summary>
    public static SandboxTools? Find(string? bwrapPath, out string? problem)
    {
        var bwrap = bwrapPath ?? FindOnPath("bwrap");
        if (bwrap is null || !File.Exists(bwrap))
        {
            problem = "bwrap is not installed (install the Debian package bubblewrap)";
            return null;
        }

        if (!File.Exists(PrlimitInside) || !File.Exists(Shell))
        {
            problem = $"{PrlimitInside} or {Shell} is missing (install the Debian package util-linux)";
            return null;
        }

        var isRoot = Environment.IsPrivilegedProcess;
        var setpriv = isRoot ? FindOnPath("setpriv") : null;
        if (isRoot && setpriv is null)
        {
            problem = "the service runs as root and setpriv is missing to leave root before the sandbox starts (install util-linux)";
            return null;
        }

        problem = null;
        return new SandboxTools(bwrap, setpriv, isRoot);
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (var folder in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin").Append("/usr/sbin"))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
