using System.Diagnostics;
using System.Text.Json;
using Crible.Model;
using Crible.Reporting;
using Crible.Server.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crible.Server.Analyses;

/// <summary>
/// Runs queued analyses with a bounded pool of workers. Jobs live in the store, so what was queued or running when
/// the service stopped runs again at the next start.
/// </summary>
public sealed partial class AnalysisWorker(
    IAnalysisStore store,
    SampleVault vault,
    EngineHolder engines,
    JobSignal signal,
    CompletionNotifier notifier,
    WebhookSender webhooks,
    ServerMetrics metrics,
    ServerOptions options,
    ILogger<AnalysisWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var requeued = await store.RequeueInterruptedAsync(stoppingToken).ConfigureAwait(false);
        if (requeued > 0)
        {
            LogRequeued(logger, requeued);
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Workers)).Select(_ => WorkAsync(stoppingToken))).ConfigureAwait(false);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            ClaimedAnalysis? job;
            try
            {
                job = await store.ClaimNextAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (job is null)
            {
                try
                {
                    await signal.WaitAsync(Poll, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            await RunAsync(job, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(ClaimedAnalysis job, CancellationToken stoppingToken)
    {
        var record = job.Record;
        var clock = Stopwatch.StartNew();
        try
        {
            var engine = engines.Current;
            var passwords = job.ProtectedPasswords is null ? [] : JsonSerializer.Deserialize<List<string>>(vault.Unprotect(job.ProtectedPasswords)) ?? [];
            var bytes = await vault.ReadAllAsync(record.Id, stoppingToken).ConfigureAwait(false);
            Report report;
            using (var data = SampleData.FromBytes(bytes))
            {
                report = await engine.Analyser.AnalyseAsync(data, record.Name, passwords, stoppingToken).ConfigureAwait(false);
            }

            var safelist = (await store.GetSafelistAsync(stoppingToken).ConfigureAwait(false)).ToDictionary(e => e.Sha256, e => e.Reason, StringComparer.Ordinal);
            report = SafelistApplier.Apply(report with { RulesVersion = engine.RulesVersion }, safelist);
            var verdict = report.Verdict.ToString().ToLowerInvariant();
            await store.CompleteAsync(record.Id, AnalysisStatus.Done, verdict, ReportJson.Serialize(report), engine.RulesVersion, null, stoppingToken).ConfigureAwait(false);
            metrics.Completed(verdict, clock.Elapsed);
            Finish(record with { Status = AnalysisStatus.Done, Verdict = verdict }, report);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the job stays "running" and is queued again at the next start.
        }
        catch (Exception exception)
        {
            LogFailed(logger, exception, record.Id, record.Sha256);
            await store.CompleteAsync(record.Id, AnalysisStatus.Failed, "unanalysable", null, null, $"analysis failed: {exception.Message}", CancellationToken.None).ConfigureAwait(false);
            metrics.Completed("failed", clock.Elapsed);
            Finish(record with { Status = AnalysisStatus.Failed, Verdict = "unanalysable" }, null);
        }
    }

    private void Finish(AnalysisRecord record, Report? report)
    {
        if (options.SampleRetention <= TimeSpan.Zero)
        {
            vault.Delete(record.Id);
        }

        notifier.Done(record.Id);
        if (record.CallbackUrl is not null)
        {
            webhooks.Enqueue(record, report);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} interrupted analyses queued again")]
    private static partial void LogRequeued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Analysis {Id} ({Sha256}) failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string id, string sha256);
}
