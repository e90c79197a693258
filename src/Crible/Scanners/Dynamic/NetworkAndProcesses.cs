using System.Globalization;
using System.Text.RegularExpressions;

namespace Crible.Scanners.Dynamic;

/// <summary>The timeline's network, signal, tracing, sleep and privilege steps.</summary>
internal static partial class NetworkAndProcesses
{
    public static void Read(SystemCall call, BehaviourTimeline timeline)
    {
        switch (call.Name)
        {
            case "connect":
                Address(call, timeline, BehaviourKind.Connect, 1);
                break;
            case "bind":
                Address(call, timeline, BehaviourKind.Listen, 1);
                break;
            case "sendto":
                Address(call, timeline, BehaviourKind.Connect, 4);
                DnsQueries(call, timeline);
                break;
            case "sendmsg" or "sendmmsg":
                DnsQueries(call, timeline);
                break;
            case "socket" when call.Failed:
                timeline.Add(new BehaviourEvent(call.Time, call.Pid, BehaviourKind.SocketRefused, call.Argument(0), call.Error, false));
                break;
            case "kill" or "tkill":
                timeline.Add(new BehaviourEvent(call.Time, call.Pid, BehaviourKind.Signal, call.Argument(0), call.Argument(1), call.Succeeded));
                break;
            case "tgkill":
                timeline.Add(new BehaviourEvent(call.Time, call.Pid, BehaviourKind.Signal, call.Argument(1), call.Argument(2), call.Succeeded));
                break;
            case "ptrace":
                timeline.Add(new BehaviourEvent(call.Time, call.Pid, BehaviourKind.Trace, call.Argument(0), call.Argument(1), call.Succeeded));
                break;
            case "nanosleep":
                Sleep(call, timeline, 0);
                break;
            case "clock_nanosleep":
                Sleep(call, timeline, 2);
                break;
            case "setuid" or "setgid" or "setreuid" or "setregid" or "setresuid" or "setresgid" or "setfsuid" or "setfsgid":
                timeline.Add(new BehaviourEvent(call.Time, call.Pid, BehaviourKind.PrivilegeChange, call.Name, "(" + string.Join(", ", call.Arguments) + ")", call.Succeeded));
                break;
        }
    }

    /// <summary>An IPv4 or IPv6 socket address argument as <c>ip:port</c>; local sockets are not network behaviour.</summary>
    private static void Address(SystemCall call, BehaviourTimeline timeline, BehaviourKind kind, int index)
    {
        var text = call.Argument(index);
        var port = Port().Match(text);
        var address = text.Contains("inet_addr(", StringComparison.Ordinal) || text.Contains("inet_pton(", StringComparison.Ordinal)
            ? StraceText.DecodeString(text[text.IndexOf("inet_", StringComparison.Ordinal)..])
            : null;
        if (!port.Success || address is null || !System.Net.IPAddress.TryParse(address, out var ip))
        {
            return;
        }

        var endpoint = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]:{port.Groups[1].Value}" : $"{ip}:{port.Groups[1].Value}";
        timeline.Add(new BehaviourEvent(call.Time, call.Pid, kind, endpoint, call.Failed ? call.Error : string.Empty, call.Succeeded || call.Error == "EINPROGRESS"));
    }

    /// <summary>The names asked in DNS queries the call sends (a resolver's packet, whatever the socket).</summary>
    private static void DnsQueries(SystemCall call, BehaviourTimeline timeline)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match quoted in QuotedString().Matches(string.Join(',', call.Arguments)))
        {
            if (StraceText.DecodeBytes(quoted.Value) is { } bytes && DnsQuery.TryReadName(bytes, out var name) && seen.Add(name))
            {
                timeline.Add(new BehaviourEvent(call.Time, call.Pid, BehaviourKind.DnsQuery, name, string.Empty, call.Succeeded));
            }

            if (seen.Count >= 8)
            {
                return;
            }
        }
    }

    private static void Sleep(SystemCall call, BehaviourTimeline timeline, int index)
    {
        var match = Duration().Match(call.Argument(index));
        if (match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) &&
            long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds))
        {
            var total = seconds + (nanoseconds / 1e9);
            timeline.Add(new BehaviourEvent(call.Time, call.Pid, BehaviourKind.Sleep, TimelineBuilder.Seconds(total), "s", true));
        }
    }

    [GeneratedRegex(@"sin6?_port=htons\((\d{1,5})\)", RegexOptions.CultureInvariant)]
    private static partial Regex Port();

    [GeneratedRegex(@"""(?:\\x[0-9a-f]{2})+""", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"tv_sec=(\d{1,18}), tv_nsec=(\d{1,9})", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
