using System.Globalization;
using Crible.Model;
using Crible.Server.Analyses;
using Crible.Server.Doors;
using Crible.Server.Storage;

namespace Crible.Server.Clamd;

/// <summary>What each clamd command does, in terms of the application service.</summary>
public sealed class ClamdCommands(DoorScanService scans, EngineHolder engines, IAnalysisStore store, ClamdOptions options, ServerOptions server)
{
    private const string Commands = "SCAN QUIT RELOAD PING CONTSCAN VERSIONCOMMANDS VERSION END STATS IDSESSION INSTREAM MULTISCAN ALLMATCHSCAN";
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private int _active;

    public async Task<ClamdReply> ExecuteAsync(ClamdRequest request, ProtocolReader reader, string? remote, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _active);
        try
        {
            return request.Name switch
            {
                "PING" => new ClamdReply("PONG"),
                "VERSION" => new ClamdReply(Version()),
                "VERSIONCOMMANDS" => new ClamdReply($"{Version()}| COMMANDS: {Commands}"),
                "RELOAD" => Reload(),
                "STATS" => new ClamdReply(await StatsAsync(cancellation).ConfigureAwait(false)),
                "INSTREAM" => await InstreamAsync(reader, remote, cancellation).ConfigureAwait(false),
                "SCAN" or "CONTSCAN" or "MULTISCAN" or "ALLMATCHSCAN" => await ServerPathAsync(request, remote, cancellation).ConfigureAwait(false),
                "SHUTDOWN" => new ClamdReply("SHUTDOWN is refused: stop the Crible service itself. ERROR", Close: true),
                "FILDES" => new ClamdReply("FILDES is not supported: use INSTREAM. ERROR", Close: true),
                _ => new ClamdReply("UNKNOWN COMMAND", Close: true),
            };
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private string Version() =>
        string.Create(CultureInfo.InvariantCulture, $"Crible {typeof(ClamdCommands).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"}/{engines.Current.RulesVersion}/{_started:ddd MMM d HH:mm:ss yyyy}");

    private ClamdReply Reload()
    {
        var result = engines.Reload();
        return new ClamdReply(result.Applied ? "RELOADING" : $"RELOAD refused, previous rules kept: {string.Join("; ", result.Problems.Take(3))}. ERROR");
    }

    private async Task<string> StatsAsync(CancellationToken cancellation)
    {
        var queued = await store.QueueDepthAsync(cancellation).ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture, $"""
            POOLS: 1

            STATE: VALID PRIMARY
            THREADS: live {Volatile.Read(ref _active)}  idle 0 max {options.MaxConnections} idle-timeout {options.IdleTimeout.TotalSeconds:0}
            QUEUE: {queued} items
            	STATS 0.000000

            MEMSTATS: heap N/A mmap N/A used N/A free N/A releasable N/A pools 1 pools_used N/A pools_total N/A
            END
            """);
    }

    private async Task<ClamdReply> InstreamAsync(ProtocolReader reader, string? remote, CancellationToken cancellation)
    {
        var content = new InstreamContent(reader, Math.Min(options.MaxStreamBytes, server.MaxUploadBytes));
        await using (content.ConfigureAwait(false))
        {
            try
            {
                var verdict = await scans.ScanAsync(options.Tenant, content, "stream", remote, cancellation).ConfigureAwait(false);
                return new ClamdReply(Line("stream", verdict));
            }
            catch (Exception exception) when (exception is InstreamTooLargeException or UploadTooLargeException)
            {
                return new ClamdReply("INSTREAM size limit exceeded. ERROR", Close: true);
            }
            catch (ProtocolException problem)
            {
                return new ClamdReply($"INSTREAM: {problem.Message}. ERROR", Close: true);
            }
        }
    }

    private async Task<ClamdReply> ServerPathAsync(ClamdRequest request, string? remote, CancellationToken cancellation)
    {
        var files = new ServerPathLister(options.ScanFolders);
        if (files.Refusal(request.Argument) is { } refusal)
        {
            return new ClamdReply($"{request.Argument}: {refusal}. ERROR");
        }

        var lines = new List<string>();
        foreach (var file in ServerPathLister.List(request.Argument))
        {
            var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var verdict = await scans.ScanAsync(options.Tenant, stream, Path.GetFileName(file), remote, cancellation).ConfigureAwait(false);
                if (verdict.Verdict != Verdict.Clean && Line(file, verdict) is var line && !line.EndsWith(": OK", StringComparison.Ordinal))
                {
                    lines.Add(line);
                    if (request.Name == "SCAN" && verdict.Verdict == Verdict.Malicious)
                    {
                        break;
                    }
                }
            }
        }

        return new ClamdReply(lines.Count == 0 ? $"{request.Argument}: OK" : string.Join((char)request.Delimiter, lines));
    }

    private string Line(string subject, DoorVerdict verdict) => verdict.Verdict switch
    {
        Verdict.Malicious => $"{subject}: {verdict.FirstThreat} FOUND",
        Verdict.Clean => $"{subject}: OK",
        _ => options.Unanalysable switch
        {
            UnanalysableReply.Found => $"{subject}: Crible.Unanalysable FOUND",
            UnanalysableReply.Ok => $"{subject}: OK",
            _ => $"{subject}: Not fully analysed ({Flatten(verdict.ReasonSummary)}) ERROR",
        },
    };

    private static string Flatten(string text) => new([.. text.Select(c => char.IsControl(c) ? ' ' : c).Take(300)]);
}
