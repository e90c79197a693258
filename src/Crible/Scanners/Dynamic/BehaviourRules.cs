using System.Globalization;
using Crible.Model;

namespace Crible.Scanners.Dynamic;

/// <summary>
/// Turns a timeline into findings: download and execute, running what it wrote, persistence, credential reads,
/// self-deletion and mass rewriting. Anti-analysis, mining and resource abuse are in <see cref="EvasionRules"/>.
/// Attempts count as much as successes: in the sandbox most of them fail, and the intent is the behaviour.
/// </summary>
internal static class BehaviourRules
{
    public const int MassRewriteThreshold = 10;
    private const int MaxEvidenceItems = 6;

    public static List<BehaviourFinding> Evaluate(BehaviourTimeline timeline, RunFacts facts)
    {
        var findings = new List<BehaviourFinding>();
        ExecutionOfWrittenFiles(timeline, findings);
        Persistence(timeline, findings);
        CredentialReads(timeline, findings);
        SelfDeletion(timeline, facts, findings);
        MassRewrite(timeline, facts, findings);
        EvasionRules.Evaluate(timeline, findings);
        return findings;
    }

    /// <summary>Paths the sample created or changed (renames count by their target).</summary>
    public static HashSet<string> WrittenPaths(BehaviourTimeline timeline) =>
    [
        .. timeline.OfKind(BehaviourKind.FileWrite).Where(e => e.Succeeded).Select(e => e.Subject),
        .. timeline.OfKind(BehaviourKind.FileRename).Where(e => e.Succeeded).Select(e => e.Detail),
    ];

    /// <summary>Connections outside the sandbox's own resolver lookups and loopback chatter count as network use.</summary>
    public static bool IsOutbound(BehaviourEvent behaviour) =>
        behaviour.Kind == BehaviourKind.DnsQuery ||
        (behaviour.Kind == BehaviourKind.Connect && !behaviour.Subject.StartsWith("127.", StringComparison.Ordinal) && !behaviour.Subject.StartsWith("[::1]", StringComparison.Ordinal));

    private static void ExecutionOfWrittenFiles(BehaviourTimeline timeline, List<BehaviourFinding> findings)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        var network = new List<BehaviourEvent>();
        var downloads = new List<string>();
        var droppedRuns = new List<string>();
        foreach (var behaviour in timeline.Events)
        {
            if (IsOutbound(behaviour) || behaviour.Kind == BehaviourKind.Execute && Downloaders.IsDownloader(behaviour.Subject))
            {
                network.Add(behaviour);
            }
            else if (behaviour.Kind == BehaviourKind.FileWrite && behaviour.Succeeded)
            {
                written.Add(behaviour.Subject);
            }
            else if (behaviour.Kind == BehaviourKind.FileRename && behaviour.Succeeded)
            {
                written.Add(behaviour.Detail);
            }
            else if (behaviour.Kind == BehaviourKind.Execute && written.Contains(behaviour.Subject))
            {
                (network.Count > 0 ? downloads : droppedRuns).Add(behaviour.Subject);
            }
        }

        if (downloads.Count > 0)
        {
            var contacted = string.Join(", ", network.Select(n => n.Subject).Distinct().Take(MaxEvidenceItems));
            findings.Add(new BehaviourFinding("download-execute", Severity.Malicious, "Contacts the network, then runs a file it wrote",
                $"contacted {contacted}; then ran {List(downloads)}", ["T1105"]));
        }
        else if (droppedRuns.Count > 0)
        {
            findings.Add(new BehaviourFinding("executes-dropped-file", Severity.Suspicious, "Runs a file it wrote (a second stage)",
                $"ran {List(droppedRuns)}", []));
        }
    }

    private static void Persistence(BehaviourTimeline timeline, List<BehaviourFinding> findings)
    {
        var hits = new Dictionary<PersistenceLocation, List<string>>();
        foreach (var behaviour in timeline.Events)
        {
            var path = behaviour.Kind switch
            {
                BehaviourKind.FileWrite or BehaviourKind.PermissionChange => behaviour.Subject,
                BehaviourKind.FileRename => behaviour.Detail,
                _ => null,
            };
            var location = path is null ? PersistenceCommands.Location(behaviour) : SensitiveFiles.Persistence(path);
            if (location is not null)
            {
                var list = hits.TryGetValue(location, out var existing) ? existing : hits[location] = [];
                list.Add((path ?? behaviour.Detail) + (behaviour.Succeeded ? string.Empty : " (refused)"));
            }
        }

        foreach (var (location, paths) in hits)
        {
            findings.Add(new BehaviourFinding(location.Id, location.Severity, location.Title, List(paths), [location.Technique]));
        }
    }

    private static void CredentialReads(BehaviourTimeline timeline, List<BehaviourFinding> findings)
    {
        var reads = new List<(int Index, string Path, string Technique)>();
        for (var i = 0; i < timeline.Events.Count; i++)
        {
            var behaviour = timeline.Events[i];
            if (behaviour.Kind == BehaviourKind.FileRead && SensitiveFiles.CredentialTechnique(behaviour.Subject) is { } technique)
            {
                reads.Add((i, behaviour.Subject + (behaviour.Succeeded ? string.Empty : " (absent)"), technique));
            }
        }

        if (reads.Count == 0)
        {
            return;
        }

        var first = reads[0].Index;
        var thenNetwork = timeline.Events.Skip(first + 1).Where(IsOutbound).Select(e => e.Subject).Distinct().Take(MaxEvidenceItems).ToList();
        var techniques = reads.Select(r => r.Technique).Distinct().ToList();
        var evidence = $"read {List(reads.Select(r => r.Path))}" + (thenNetwork.Count > 0 ? $"; then contacted {string.Join(", ", thenNetwork)}" : string.Empty);
        findings.Add(thenNetwork.Count > 0
            ? new BehaviourFinding("credential-theft", Severity.Malicious, "Reads credential files, then contacts the network", evidence, [.. techniques, "T1041"])
            : new BehaviourFinding("credential-file-read", Severity.Suspicious, "Reads credential files (password hashes, SSH private keys)", evidence, techniques));
    }

    /// <summary>Deleting the program that runs (the sample, or a file a process executed) hides the tool.</summary>
    private static void SelfDeletion(BehaviourTimeline timeline, RunFacts facts, List<BehaviourFinding> findings)
    {
        var executed = timeline.OfKind(BehaviourKind.Execute).Where(e => e.Succeeded).Select(e => e.Subject).Append(facts.SamplePath).ToHashSet(StringComparer.Ordinal);
        var deleted = timeline.OfKind(BehaviourKind.FileDelete).Where(e => executed.Contains(e.Subject)).Select(e => e.Subject).Distinct().ToList();
        if (deleted.Count > 0)
        {
            findings.Add(new BehaviourFinding("self-deletion", Severity.Suspicious, "Deletes its own program file", $"deleted {List(deleted)}", ["T1070.004"]));
        }
    }

    /// <summary>Ransomware's shape: many files rewritten in place, renamed with a new suffix, or replaced by a copy
    /// with a suffix and deleted; the decoy documents in the sandbox's home count when opened for writing.</summary>
    private static void MassRewrite(BehaviourTimeline timeline, RunFacts facts, List<BehaviourFinding> findings)
    {
        var written = timeline.OfKind(BehaviourKind.FileWrite).Where(e => e.Succeeded).Select(e => e.Subject).ToList();
        var writtenSet = written.ToHashSet(StringComparer.Ordinal);
        var rewritten = new HashSet<string>(StringComparer.Ordinal);
        foreach (var behaviour in timeline.Events)
        {
            var original = behaviour.Kind switch
            {
                BehaviourKind.FileRename when behaviour.Succeeded && behaviour.Detail.Length > behaviour.Subject.Length && behaviour.Detail.StartsWith(behaviour.Subject + ".", StringComparison.Ordinal) => behaviour.Subject,
                BehaviourKind.FileDelete when behaviour.Succeeded && written.Any(w => w.StartsWith(behaviour.Subject + ".", StringComparison.Ordinal)) => behaviour.Subject,
                BehaviourKind.FileWrite when behaviour.Succeeded && facts.DecoyPaths.Contains(behaviour.Subject) => behaviour.Subject,
                _ => null,
            };
            if (original is not null && !writtenSet.Contains(original) || original is not null && facts.DecoyPaths.Contains(original))
            {
                rewritten.Add(original);
            }
        }

        if (rewritten.Count >= MassRewriteThreshold)
        {
            var decoys = rewritten.Count(facts.DecoyPaths.Contains);
            findings.Add(new BehaviourFinding("mass-file-rewrite", Severity.Malicious, "Rewrites or replaces many existing files, as ransomware does",
                $"{rewritten.Count.ToString(CultureInfo.InvariantCulture)} files ({decoys.ToString(CultureInfo.InvariantCulture)} of them decoy documents), such as {List(rewritten.Order(StringComparer.Ordinal))}", ["T1486"]));
        }
    }

    internal static string List(IEnumerable<string> items)
    {
        var all = items.Distinct().ToList();
        var shown = string.Join(", ", all.Take(MaxEvidenceItems).Select(i => BehaviourEvent.Visible(i, 200)));
        return all.Count > MaxEvidenceItems ? $"{shown} and {(all.Count - MaxEvidenceItems).ToString(CultureInfo.InvariantCulture)} more" : shown;
    }
}
