using Crible.Server.Storage;
using Microsoft.Extensions.Hosting;

namespace Crible.Server.Analyses;

/// <summary>Every minute: deletes samples kept past their retention, and reports past theirs.</summary>
public sealed class PurgeService(IAnalysisStore store, SampleVault vault, ServerOptions options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            var purged = await store.PurgeReportsAsync(clock.GetUtcNow() - options.ReportRetention, stoppingToken).ConfigureAwait(false);
            foreach (var id in purged)
            {
                vault.Delete(id);
            }

            var expired = await store.FinishedBeforeAsync(clock.GetUtcNow() - options.SampleRetention, stoppingToken).ConfigureAwait(false);
            foreach (var id in expired.Where(vault.Exists))
            {
                vault.Delete(id);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
