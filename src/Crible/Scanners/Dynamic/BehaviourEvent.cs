namespace Crible.Scanners.Dynamic;

/// <summary>What kind of thing a sandboxed sample did.</summary>
internal enum BehaviourKind
{
    Execute,
    FileWrite,
    FileDelete,
    FileRename,
    FileRead,
    PermissionChange,
    Connect,
    DnsQuery,
    Listen,
    Signal,
    Trace,
    Sleep,
    PrivilegeChange,
    ForkRefused,
    SocketRefused,
}

/// <summary>One step of the behaviour timeline.</summary>
/// <param name="Subject">The path, address (<c>ip:port</c>), domain, command line or target the step is about.</param>
/// <param name="Detail">More of it: the rename's target, open flags, the signal, the sleep's seconds.</param>
/// <param name="Succeeded">False when the kernel refused it (the attempt is still behaviour).</param>
internal sealed record BehaviourEvent(string Time, int Pid, BehaviourKind Kind, string Subject, string Detail, bool Succeeded)
{
    /// <summary>One line of the report, with control characters made visible and the length bounded.</summary>
    public string Describe()
    {
        var verb = Kind switch
        {
            BehaviourKind.Execute => "exec",
            BehaviourKind.FileWrite => "write",
            BehaviourKind.FileDelete => "delete",
            BehaviourKind.FileRename => "rename",
            BehaviourKind.FileRead => "read",
            BehaviourKind.PermissionChange => "chmod",
            BehaviourKind.Connect => "connect",
            BehaviourKind.DnsQuery => "dns",
            BehaviourKind.Listen => "listen",
            BehaviourKind.Signal => "kill",
            BehaviourKind.Trace => "ptrace",
            BehaviourKind.Sleep => "sleep",
            BehaviourKind.PrivilegeChange => "privilege",
            BehaviourKind.ForkRefused => "fork refused",
            BehaviourKind.SocketRefused => "socket refused",
            _ => Kind.ToString(),
        };
        var detail = Detail.Length > 0 ? " " + Detail : string.Empty;
        var outcome = Succeeded ? string.Empty : " (failed)";
        return Visible($"{Time} [{Pid}] {verb} {Subject}{detail}{outcome}", 300);
    }

    /// <summary>Hostile names carry newlines and escape codes: show them as <c>\xNN</c>, cut at the bound.</summary>
    public static string Visible(string text, int bound)
    {
        var builder = new System.Text.StringBuilder(Math.Min(text.Length, bound) + 8);
        foreach (var c in text)
        {
            if (builder.Length >= bound)
            {
                builder.Append('…');
                break;
            }

            if (char.IsControl(c))
            {
                builder.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
