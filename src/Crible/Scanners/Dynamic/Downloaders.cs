using System.Text.RegularExpressions;

namespace Crible.Scanners.Dynamic;

/// <summary>Programs that fetch files, and the URLs found in command lines.</summary>
internal static partial class Downloaders
{
    private static readonly string[] Names = ["curl", "wget", "tftp", "ftp", "fetch", "lwp-download", "nc", "ncat", "netcat", "socat", "scp", "sftp", "rsync"];

    public static bool IsDownloader(string executablePath) => Names.Contains(SandboxPaths.FileName(executablePath));

    public static IEnumerable<string> Urls(string commandLine) => Url().Matches(commandLine).Select(m => m.Value);

    [GeneratedRegex(@"\b(?:https?|ftp|tftp|stratum2?\+(?:tcp|ssl|tls))://[^\s'""<>`|;]{1,500}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}

/// <summary>Commands that install persistence without the sample writing the file itself.</summary>
internal static class PersistenceCommands
{
    private static readonly PersistenceLocation Crontab = new("persistence-cron", "Installs a cron job", "T1053.003", Model.Severity.Suspicious);
    private static readonly PersistenceLocation Systemctl = new("persistence-systemd", "Enables a systemd unit", "T1543.002", Model.Severity.Suspicious);

    /// <summary>For an execve of <c>crontab FILE</c> (not <c>-l</c>) or <c>systemctl enable</c>, the location; else null.</summary>
    public static PersistenceLocation? Location(BehaviourEvent behaviour)
    {
        if (behaviour.Kind != BehaviourKind.Execute)
        {
            return null;
        }

        var name = SandboxPaths.FileName(behaviour.Subject);
        var arguments = behaviour.Detail.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        return name switch
        {
            "crontab" when arguments.Count > 0 && !arguments.Contains("-l") => Crontab,
            "systemctl" when arguments.Contains("enable") => Systemctl,
            _ => null,
        };
    }
}
