using System.Text;
using Crible.Pipeline;
using Crible.Model;

namespace Crible.Scanners.Executables;

/// <summary>
/// What ELF and Mach-O programs share: strings that tell what a program does (reverse shells, miners, persistence,
/// credential files), imported functions that do it, and UPX packing. One place so both scanners judge alike.
/// </summary>
internal static class UnixTraits
{
    private static readonly (string Needle, string Meaning, string Attack)[] Strings =
    [
        ("/dev/tcp/", "a shell redirected to a TCP connection (reverse shell)", "T1059.004"),
        ("stratum+tcp://", "a cryptocurrency mining pool", "T1496"),
        ("xmrig", "the XMRig miner", "T1496"),
        ("/etc/shadow", "the password hash file", "T1003.008"),
        ("LD_PRELOAD", "library preloading (hooking other programs)", "T1574.006"),
        ("/etc/ld.so.preload", "system-wide library preloading", "T1574.006"),
        ("crontab", "cron persistence", "T1053.003"),
        ("/etc/rc.local", "boot script persistence", "T1037.004"),
        ("/.ssh/authorized_keys", "SSH key persistence", "T1098.004"),
        ("iptables -F", "firewall flushing", "T1562.004"),
        ("chmod 777", "making a file world-writable and executable", "T1222.002"),
        ("wget http", "a download with wget", "T1105"),
        ("curl -", "a download with curl", "T1105"),
        ("/proc/self/exe", "re-executing itself", "T1036"),
        ("LaunchAgents", "macOS launch agent persistence", "T1543.001"),
        ("LaunchDaemons", "macOS launch daemon persistence", "T1543.004"),
    ];

    private static readonly string[][] ReverseShell = [["socket"], ["connect"], ["dup2"], ["execve", "execl", "execlp", "execv", "system"]];

    public static void ReportStrings(ScanContext context, ReadOnlySpan<byte> bytes)
    {
        var hits = new List<(string Meaning, string Attack)>();
        foreach (var (needle, meaning, attack) in Strings)
        {
            if (bytes.IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0)
            {
                hits.Add((meaning, attack));
            }
        }

        // One string means little (a shell or a package manager names many); several together describe a program.
        if (hits.Count >= 2)
        {
            context.Report("suspicious-strings", Severity.Suspicious, "Strings of malware behaviour", string.Join("; ", hits.Select(h => h.Meaning)), hits.Select(h => h.Attack).Distinct().ToList());
        }
        else if (hits.Count == 1)
        {
            context.Report("notable-string", Severity.Info, "A string of a behaviour malware uses", hits[0].Meaning, [hits[0].Attack]);
        }
    }

    public static void ReportImports(ScanContext context, IReadOnlyCollection<string> symbols)
    {
        var names = symbols.Select(s => s.TrimStart('_')).ToHashSet(StringComparer.Ordinal);
        if (ReverseShell.All(group => group.Any(names.Contains)))
        {
            context.Report("reverse-shell-imports", Severity.Suspicious, "Imports what a reverse shell needs (socket, connect, dup2, exec)", string.Join(", ", ReverseShell.SelectMany(g => g).Where(names.Contains)), ["T1059.004"]);
        }

        if (names.Contains("ptrace"))
        {
            context.Report("ptrace", Severity.Info, "Imports ptrace (debugging, anti-debugging or injection)", "ptrace", ["T1622"]);
        }
    }

    /// <summary>UPX-packed ELF and Mach-O programs carry the pack header and UPX's notice.</summary>
    public static void ReportUpx(ScanContext context, ReadOnlySpan<byte> bytes)
    {
        var notice = bytes.IndexOf("This file is packed with the UPX"u8) >= 0;
        if (notice || Upx.UpxPackHeader.Find(bytes) is not null)
        {
            context.Report("packer", Severity.Suspicious, "Packed with UPX", notice ? "UPX notice string" : "UPX! pack header", ["T1027.002"]);
        }
    }
}
