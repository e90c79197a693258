using System.Globalization;
using Crible.Model;

namespace Crible.Scanners.Dynamic;

/// <summary>Anti-analysis (ptrace, status reads, long sleeps, killing the tracer), privilege changes, mining and
/// resource abuse (fork bombs, CPU burn), and a summary of network attempts.</summary>
internal static class EvasionRules
{
    public const int ForkBombThreshold = 16;
    public const double LongSleepSeconds = 20;

    /// <summary>Ports miners' pools listen on, in the absence of a stratum URL.</summary>
    private static readonly string[] PoolPorts = ["3333", "3334", "4444", "5555", "7777", "8888", "9999", "14433", "14444", "45560", "45700"];

    public static void Evaluate(BehaviourTimeline timeline, List<BehaviourFinding> findings)
    {
        AntiAnalysis(timeline, findings);
        Privilege(timeline, findings);
        ResourceAbuse(timeline, findings);
        Network(timeline, findings);
    }

    private static void AntiAnalysis(BehaviourTimeline timeline, List<BehaviourFinding> findings)
    {
        var traces = timeline.OfKind(BehaviourKind.Trace).ToList();
        if (traces.Any(t => t.Subject == "PTRACE_TRACEME"))
        {
            findings.Add(new("anti-debug-ptrace", Severity.Suspicious, "Checks for a debugger with ptrace(PTRACE_TRACEME)", "ptrace(PTRACE_TRACEME)", ["T1622"]));
        }

        var others = traces.Where(t => t.Subject is "PTRACE_ATTACH" or "PTRACE_SEIZE" or "PTRACE_POKEDATA" or "PTRACE_POKETEXT").ToList();
        if (others.Count > 0)
        {
            findings.Add(new("ptrace-other-process", Severity.Suspicious, "Traces or writes into another process", BehaviourRules.List(others.Select(t => $"{t.Subject} pid {t.Detail}")), ["T1055.008"]));
        }

        var status = timeline.OfKind(BehaviourKind.FileRead).Where(e => SandboxPaths.IsProcessStatus(e.Subject)).Select(e => e.Subject).ToList();
        if (status.Count > 0)
        {
            findings.Add(new("reads-process-status", Severity.Info, "Reads its process status (where TracerPid shows a debugger)", BehaviourRules.List(status), ["T1622"]));
        }

        var sleeps = timeline.OfKind(BehaviourKind.Sleep).Select(e => double.Parse(e.Subject, CultureInfo.InvariantCulture)).ToList();
        if (sleeps.Count > 0 && (sleeps.Max() >= LongSleepSeconds || sleeps.Sum() >= LongSleepSeconds * 3))
        {
            findings.Add(new("long-sleep", Severity.Suspicious, "Sleeps long enough to outlast a sandbox",
                $"longest sleep {TimelineBuilder.Seconds(sleeps.Max())} s, {TimelineBuilder.Seconds(sleeps.Sum())} s asked in {sleeps.Count.ToString(CultureInfo.InvariantCulture)} calls", ["T1497.003"]));
        }

        var kills = timeline.OfKind(BehaviourKind.Signal).Where(IsAgainstTracerOrAll).Select(e => $"kill({e.Subject}, {e.Detail})").ToList();
        if (kills.Count > 0)
        {
            findings.Add(new("kills-tracer", Severity.Suspicious, "Signals its parent (the tracer), the sandbox's init or every process", BehaviourRules.List(kills), ["T1622"]));
        }
    }

    /// <summary>pid 1 is the sandbox's init, 2 the tracer (the sample's parent), -1 every process it may signal.</summary>
    private static bool IsAgainstTracerOrAll(BehaviourEvent signal) =>
        signal.Detail != "0" && int.TryParse(signal.Subject, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var target) && target is -1 or 1 or SandboxPaths.TracerPid;

    private static void Privilege(BehaviourTimeline timeline, List<BehaviourFinding> findings)
    {
        var toRoot = timeline.OfKind(BehaviourKind.PrivilegeChange).Where(e => e.Detail.Trim('(', ')').Split(", ").Contains("0")).Select(e => e.Subject + e.Detail).ToList();
        if (toRoot.Count > 0)
        {
            findings.Add(new("privilege-escalation-attempt", Severity.Suspicious, "Tries to become root", BehaviourRules.List(toRoot), ["T1548"]));
        }

        var setuid = timeline.OfKind(BehaviourKind.PermissionChange).Where(e => HasSetIdBit(e.Detail)).Select(e => $"{e.Subject} {e.Detail}").ToList();
        if (setuid.Count > 0)
        {
            findings.Add(new("setuid-bit", Severity.Suspicious, "Sets the setuid or setgid bit on a file", BehaviourRules.List(setuid), ["T1548.001"]));
        }
    }

    private static bool HasSetIdBit(string mode)
    {
        try
        {
            return mode.StartsWith('0') && mode.Length <= 12 && (Convert.ToInt32(mode, 8) & 0xC00) != 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void ResourceAbuse(BehaviourTimeline timeline, List<BehaviourFinding> findings)
    {
        var refused = timeline.OfKind(BehaviourKind.ForkRefused).Count();
        if (refused >= ForkBombThreshold)
        {
            findings.Add(new("fork-bomb", Severity.Malicious, "Creates processes without end (a fork bomb)",
                $"{refused.ToString(CultureInfo.InvariantCulture)} process creations refused at the process limit after {timeline.Processes.ToString(CultureInfo.InvariantCulture)} processes", ["T1499"]));
        }

        var commandLines = timeline.OfKind(BehaviourKind.Execute).Select(e => e.Detail).ToList();
        var stratum = commandLines.SelectMany(Downloaders.Urls).Where(u => u.StartsWith("stratum", StringComparison.OrdinalIgnoreCase)).ToList();
        var cpuKilled = timeline.Ends.Where(e => e.Signal == "SIGXCPU").ToList();
        var poolConnections = timeline.OfKind(BehaviourKind.Connect).Where(c => PoolPorts.Any(p => c.Subject.EndsWith(":" + p, StringComparison.Ordinal))).Select(c => c.Subject).ToList();
        if (stratum.Count > 0 || (cpuKilled.Count > 0 && poolConnections.Count > 0))
        {
            var evidence = stratum.Count > 0 ? $"mining pool URL {BehaviourRules.List(stratum)}" : $"connects to {BehaviourRules.List(poolConnections)} and burns CPU";
            findings.Add(new("cryptominer", Severity.Malicious, "Behaves as a cryptocurrency miner", evidence, ["T1496"]));
        }

        if (cpuKilled.Count > 0)
        {
            findings.Add(new("cpu-exhaustion", Severity.Suspicious, "Burns CPU until the CPU-time limit kills it",
                $"{cpuKilled.Count.ToString(CultureInfo.InvariantCulture)} processes killed by SIGXCPU", ["T1496"]));
        }
    }

    private static void Network(BehaviourTimeline timeline, List<BehaviourFinding> findings)
    {
        var outbound = timeline.OfKind(BehaviourKind.Connect).Where(BehaviourRules.IsOutbound).Select(e => e.Subject).ToList();
        var local = timeline.OfKind(BehaviourKind.Connect).Where(e => !BehaviourRules.IsOutbound(e) && !e.Subject.EndsWith(":53", StringComparison.Ordinal)).Select(e => e.Subject).ToList();
        var names = timeline.OfKind(BehaviourKind.DnsQuery).Select(e => e.Subject).ToList();
        if (outbound.Count > 0 || local.Count > 0 || names.Count > 0)
        {
            var parts = new List<string>();
            if (outbound.Count > 0)
            {
                parts.Add($"to {BehaviourRules.List(outbound)}");
            }

            if (local.Count > 0)
            {
                parts.Add($"to loopback {BehaviourRules.List(local)}");
            }

            if (names.Count > 0)
            {
                parts.Add($"DNS lookups of {BehaviourRules.List(names)}");
            }

            findings.Add(new("network-connection-attempt", Severity.Info, "Tries to reach the network (the sandbox has none)", string.Join("; ", parts), []));
        }

        var listening = timeline.OfKind(BehaviourKind.Listen).Select(e => e.Subject).ToList();
        if (listening.Count > 0)
        {
            findings.Add(new("listens-for-connections", Severity.Info, "Binds a network port", BehaviourRules.List(listening), []));
        }
    }
}
