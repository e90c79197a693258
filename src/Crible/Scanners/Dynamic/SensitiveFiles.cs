using Crible.Model;

namespace Crible.Scanners.Dynamic;

/// <summary>A place where a written file makes a program start again (ATT&amp;CK persistence).</summary>
/// <param name="Severity">Malicious where an ordinary installer has no business (authorized_keys, ld.so.preload);
/// suspicious where packages and installers also write (cron, units, rc files).</param>
internal sealed record PersistenceLocation(string Id, string Title, string Technique, Severity Severity);

/// <summary>The paths whose reading or writing means something: credentials and persistence locations.</summary>
internal static class SensitiveFiles
{
    private static readonly PersistenceLocation Cron = new("persistence-cron", "Writes a cron job", "T1053.003", Severity.Suspicious);
    private static readonly PersistenceLocation Systemd = new("persistence-systemd", "Writes a systemd unit", "T1543.002", Severity.Suspicious);
    private static readonly PersistenceLocation ShellRc = new("persistence-shell-rc", "Changes a shell start-up file", "T1546.004", Severity.Suspicious);
    private static readonly PersistenceLocation RcScript = new("persistence-rc-script", "Writes a boot-time rc script", "T1037.004", Severity.Suspicious);
    private static readonly PersistenceLocation AuthorizedKeys = new("persistence-authorized-keys", "Adds an SSH authorized key", "T1098.004", Severity.Malicious);
    private static readonly PersistenceLocation Preload = new("persistence-ld-preload", "Writes /etc/ld.so.preload to load a library into every program", "T1574.006", Severity.Malicious);
    private static readonly PersistenceLocation Autostart = new("persistence-xdg-autostart", "Writes a desktop autostart entry", "T1547.013", Severity.Suspicious);

    private static readonly string[] ShellStartupNames = [".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc", ".zprofile", ".zshenv", ".cshrc", ".tcshrc"];
    private static readonly string[] ShadowFiles = ["/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-", "/etc/security/opasswd"];

    public static PersistenceLocation? Persistence(string path)
    {
        var name = SandboxPaths.FileName(path);
        if (path == "/etc/ld.so.preload")
        {
            return Preload;
        }

        if (name.StartsWith("authorized_keys", StringComparison.Ordinal) && path.Contains("/.ssh/", StringComparison.Ordinal))
        {
            return AuthorizedKeys;
        }

        if (path == "/etc/crontab" || Under(path, "/etc/cron.d", "/etc/cron.hourly", "/etc/cron.daily", "/etc/cron.weekly", "/etc/cron.monthly", "/var/spool/cron", "/var/spool/cron/crontabs"))
        {
            return Cron;
        }

        if (Under(path, "/etc/systemd/system", "/etc/systemd/user", "/usr/lib/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/user") || path.Contains("/.config/systemd/user/", StringComparison.Ordinal))
        {
            return Systemd;
        }

        if (IsInHome(path) && ShellStartupNames.Contains(name) || path is "/etc/profile" or "/etc/bash.bashrc" or "/etc/zsh/zshrc" || Under(path, "/etc/profile.d"))
        {
            return ShellRc;
        }

        if (path == "/etc/rc.local" || Under(path, "/etc/init.d") || path.StartsWith("/etc/rc", StringComparison.Ordinal) && path.Contains(".d/", StringComparison.Ordinal))
        {
            return RcScript;
        }

        return path.Contains("/.config/autostart/", StringComparison.Ordinal) || Under(path, "/etc/xdg/autostart") ? Autostart : null;
    }

    /// <summary>The ATT&amp;CK technique of reading a credential store, or null: password hashes (T1003.008), SSH private
    /// keys (T1552.004).</summary>
    public static string? CredentialTechnique(string path)
    {
        if (ShadowFiles.Contains(path))
        {
            return "T1003.008";
        }

        var name = SandboxPaths.FileName(path);
        var inSsh = path.Contains("/.ssh/", StringComparison.Ordinal) || Under(path, "/etc/ssh");
        return inSsh && (name.StartsWith("id_", StringComparison.Ordinal) && !name.EndsWith(".pub", StringComparison.Ordinal) || name.StartsWith("ssh_host_", StringComparison.Ordinal) && name.EndsWith("_key", StringComparison.Ordinal))
            ? "T1552.004"
            : null;
    }

    /// <summary>Worth a line in the timeline even when the read failed: credentials, another user's home, service data.</summary>
    public static bool IsSensitive(string path) =>
        CredentialTechnique(path) is not null || Persistence(path) is not null || Under(path, "/root", "/var/lib", "/srv", "/home") && !SandboxPaths.IsSandboxOwn(path);

    private static bool IsInHome(string path) => Under(path, "/root", "/home", "/etc/skel");

    private static bool Under(string path, params string[] folders) => folders.Any(f => path.StartsWith(f + "/", StringComparison.Ordinal));
}
