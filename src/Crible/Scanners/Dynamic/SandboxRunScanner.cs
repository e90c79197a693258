using System.Globalization;
using Crible.Model;
using Crible.Pipeline;
using Crible.Sandbox;

namespace Crible.Scanners.Dynamic;

/// <summary>
/// Runs Linux programs (x86-64 ELF) and shell, Python and Perl scripts in a fresh bubblewrap sandbox (no network but
/// loopback, nobody, read-only /usr, seccomp, rlimits, a watched quota on what it writes) under strace, reads the
/// trace into a behaviour timeline, reports what the timeline shows (with ATT&amp;CK ids and indicators) and emits every
/// file the sample wrote as a <see cref="Relation.Dropped"/> child.
/// </summary>
public sealed class SandboxRunScanner(BubblewrapSandbox sandbox, DynamicAnalysisOptions options) : IScanner
{
    /// <summary>Bytes of each string strace prints (paths, command lines, the first bytes of what is sent).</summary>
    private const int TraceStringBytes = 256;
    private const int MaxDroppedFiles = 200;
    private const int MaxTimelineLines = 40;

    public string Name => "sandbox";

    public bool Accepts(ScanItem item) =>
        options.Enabled && item is not null && SampleLaunch.IsRunnableKind(item.Kind) &&
        (item.Relation != Relation.Dropped || options.RunDropped != DroppedFileRuns.None);

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (item.Relation == Relation.Dropped && options.RunDropped == DroppedFileRuns.Executed && !RunState.WasExecuted(context.TempDirectory, item.Hashes.Sha256))
        {
            return;
        }

        if (SampleLaunch.NotRunnable(item) is { } reason)
        {
            context.Report("not-run", Severity.Info, "Not run in the sandbox", reason);
            return;
        }

        if (!File.Exists(SampleLaunch.Strace))
        {
            context.Incomplete("sandbox: strace is not installed (install the Debian package strace)");
            return;
        }

        var availability = await sandbox.CheckAvailabilityAsync().ConfigureAwait(false);
        if (!availability.IsAvailable)
        {
            context.Incomplete($"sandbox: unavailable: {availability.Problem}");
            return;
        }

        // Static engines saw this file whole: a run not made is a missing extra view, not a part left unseen.
        if (!RunState.TryTakeSlot(context.TempDirectory, options.MaxRunsPerAnalysis))
        {
            context.Report("not-run", Severity.Info, "Not run in the sandbox", $"this analysis already made its {options.MaxRunsPerAnalysis.ToString(CultureInfo.InvariantCulture)} sandbox runs (Dynamic.MaxRunsPerAnalysis)");
            return;
        }

        using var folder = await DynamicRunFolder.CreateAsync(item, context.TempDirectory, cancellation).ConfigureAwait(false);
        var result = await sandbox.RunAsync(Request(item, folder), cancellation).ConfigureAwait(false);
        if (result.Status == SandboxStatus.Unavailable)
        {
            context.Incomplete($"sandbox: unavailable: {result.Problem}");
            return;
        }

        var trace = StraceParser.Parse(result.StandardError);
        var timeline = TimelineBuilder.Build(trace, folder.SamplePath);
        if (timeline.StartProblem is { } refused)
        {
            // A program Linux will not load does nothing anywhere: nothing was left unseen.
            context.Report("not-run", Severity.Info, "Not run in the sandbox", refused);
            return;
        }

        if (!timeline.SampleStarted)
        {
            context.Incomplete($"sandbox: no trace of the sample starting ({result.Problem ?? FirstLine(result.StandardError)})");
            return;
        }

        ReportRun(result, trace, timeline, context);
        foreach (var finding in BehaviourRules.Evaluate(timeline, new RunFacts(folder.SamplePath, folder.DecoyPaths)).Concat(OutcomeRules.Evaluate(result, timeline)))
        {
            context.Report(finding.Id, finding.Severity, finding.Title, finding.Evidence, finding.Attack);
        }

        RecordIndicators(timeline, context);
        await EmitWrittenFilesAsync(item, folder, timeline, context, cancellation).ConfigureAwait(false);
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length == 0 ? "no output" : BehaviourEvent.Visible(line, 200);
    }

    private SandboxRequest Request(ScanItem item, DynamicRunFolder folder) => new()
    {
        Command = SampleLaunch.Command(item.Kind, folder.SamplePath, TraceStringBytes),
        WorkDirectory = folder.Work,
        WritableMounts = folder.WritableMounts,
        AllowTracing = true,
        Timeout = options.Timeout,
        Environment = new Dictionary<string, string>
        {
            ["HOME"] = SandboxPaths.Home,
            ["USER"] = "user",
            ["LOGNAME"] = "user",
            ["SHELL"] = "/bin/bash",
            ["PWD"] = SandboxPaths.Work,
        },
        Limits = new SandboxLimits
        {
            AddressSpaceBytes = options.MemoryBytes,
            CpuSeconds = options.CpuSeconds,
            FileSizeBytes = options.FileSizeBytes,
            Processes = options.Processes,
            WorkDirectoryBytes = options.WrittenBytes,
            WorkDirectoryEntries = 5_000,
            CapturedOutputBytes = options.TraceBytes,
        },
    };

    private void ReportRun(SandboxResult result, StraceTrace trace, BehaviourTimeline timeline, ScanContext context)
    {
        var ending = result.Status switch
        {
            SandboxStatus.TimedOut => $"stopped at the {options.Timeout.TotalSeconds:0.#} s limit",
            SandboxStatus.WorkDirectoryFull => "stopped for writing past its quota",
            _ => $"exit code {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}",
        };
        var lines = timeline.Events.Take(MaxTimelineLines).Select(e => e.Describe()).ToList();
        if (timeline.Events.Count > MaxTimelineLines)
        {
            lines.Add($"… {(timeline.Events.Count - MaxTimelineLines).ToString(CultureInfo.InvariantCulture)} more events");
        }

        var header = $"ran {result.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s, {ending}, {timeline.Processes.ToString(CultureInfo.InvariantCulture)} processes, {timeline.Events.Count.ToString(CultureInfo.InvariantCulture)} events";
        context.Report("behaviour", Severity.Info, "Ran in the sandbox: behaviour timeline", string.Join('\n', lines.Prepend(header)), meta: new Dictionary<string, string>
        {
            ["status"] = result.Status.ToString(),
            ["seconds"] = result.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture),
            ["processes"] = timeline.Processes.ToString(CultureInfo.InvariantCulture),
            ["events"] = timeline.Events.Count.ToString(CultureInfo.InvariantCulture),
        });

        if (result.OutputTruncated || trace.LinesCut || timeline.EventsCut)
        {
            context.Incomplete($"sandbox: the trace was longer than {options.TraceBytes.ToString(CultureInfo.InvariantCulture)} bytes or {BehaviourTimeline.MaxEvents.ToString(CultureInfo.InvariantCulture)} events; later behaviour was not read");
        }

        if (result.Status == SandboxStatus.Exited && !timeline.SampleEndSeen)
        {
            context.Incomplete("sandbox: the trace ended before the sample did (its tracer was killed); later behaviour was not seen");
        }
    }

    private static void RecordIndicators(BehaviourTimeline timeline, ScanContext context)
    {
        foreach (var behaviour in timeline.Events)
        {
            switch (behaviour.Kind)
            {
                case BehaviourKind.Connect when BehaviourRules.IsOutbound(behaviour):
                    context.Indicator(IndicatorKind.Ip, behaviour.Subject[..behaviour.Subject.LastIndexOf(':')].Trim('[', ']'));
                    break;
                case BehaviourKind.DnsQuery:
                    context.Indicator(IndicatorKind.Domain, behaviour.Subject);
                    break;
                case BehaviourKind.Execute:
                    context.Indicator(IndicatorKind.Command, BehaviourEvent.Visible(behaviour.Detail, 2000));
                    foreach (var url in Downloaders.Urls(behaviour.Detail))
                    {
                        context.Indicator(IndicatorKind.Url, url);
                    }

                    break;
                case BehaviourKind.FileWrite or BehaviourKind.FileRename when SensitiveFiles.Persistence(behaviour.Kind == BehaviourKind.FileRename ? behaviour.Detail : behaviour.Subject) is not null:
                    context.Indicator(IndicatorKind.Path, behaviour.Kind == BehaviourKind.FileRename ? behaviour.Detail : behaviour.Subject);
                    break;
            }
        }
    }

    private static async Task EmitWrittenFilesAsync(ScanItem item, DynamicRunFolder folder, BehaviourTimeline timeline, ScanContext context, CancellationToken cancellation)
    {
        var executed = timeline.OfKind(BehaviourKind.Execute).Where(e => e.Succeeded).Select(e => e.Subject.TrimStart('/')).ToHashSet(StringComparer.Ordinal);
        var written = folder.WrittenFiles(item.Hashes.Sha256, 5_000);
        foreach (var (label, file, sha256) in written.Take(MaxDroppedFiles))
        {
            if (executed.Contains(label))
            {
                RunState.MarkExecuted(context.TempDirectory, sha256);
            }

            await using var stream = file.OpenRead();
            if (stream is null)
            {
                continue;
            }

            if (await context.EmitAsync(stream, label, Relation.Dropped, packedSize: null, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }
        }

        if (written.Count > MaxDroppedFiles)
        {
            context.Report("dropped-files-cut", Severity.Info, "More files written than are analysed", $"{written.Count.ToString(CultureInfo.InvariantCulture)} files written; the first {MaxDroppedFiles.ToString(CultureInfo.InvariantCulture)} are analysed");
        }
    }
}
