namespace Crible.Scanners.Dynamic;

/// <summary>Where things are inside a dynamic-analysis sandbox, and path arithmetic on the paths strace shows.</summary>
internal static class SandboxPaths
{
    /// <summary>The sample's folder and current folder.</summary>
    public const string Work = "/work";

    public const string Home = "/home/user";

    public const string Tmp = "/tmp";

    /// <summary>In the sandbox's PID namespace bwrap is 1, strace 2 and the traced command 3, whose first lines
    /// strace prints without a pid (it prefixes lines only once there are several processes).</summary>
    public const int SamplePid = 3;

    public const int TracerPid = 2;

    private const int MaxComponents = 256;

    /// <summary>Absolute, with <c>.</c> and <c>..</c> resolved lexically (links are the sample's business: the path
    /// is a label for the report, never opened on the host).</summary>
    public static string Normalise(string path, string currentFolder)
    {
        var full = path.StartsWith('/') ? path : currentFolder.TrimEnd('/') + "/" + path;
        var parts = new List<string>();
        foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries).Take(MaxComponents))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }

    /// <summary>The host's own system, bound read-only or made by bwrap: reads there are the loader's and the
    /// interpreters' business, not behaviour.</summary>
    public static bool IsSystem(string path) =>
        StartsWithFolder(path, "/usr") || StartsWithFolder(path, "/lib") || StartsWithFolder(path, "/lib64") ||
        StartsWithFolder(path, "/lib32") || StartsWithFolder(path, "/bin") || StartsWithFolder(path, "/sbin") ||
        StartsWithFolder(path, "/dev") || StartsWithFolder(path, "/sys") || path.StartsWith("/etc/ld.so.", StringComparison.Ordinal) ||
        (StartsWithFolder(path, "/proc") && !IsProcessStatus(path));

    /// <summary>The folders the sample may write, all collected at the end.</summary>
    public static bool IsSandboxOwn(string path) =>
        StartsWithFolder(path, Work) || StartsWithFolder(path, Home) || StartsWithFolder(path, Tmp);

    /// <summary><c>/proc/self/status</c> and its siblings: where a program reads TracerPid to see a debugger.</summary>
    public static bool IsProcessStatus(string path) =>
        path.StartsWith("/proc/", StringComparison.Ordinal) && path.EndsWith("/status", StringComparison.Ordinal) && path.Count(c => c == '/') == 3;

    public static bool StartsWithFolder(string path, string folder) =>
        path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);

    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];
}
