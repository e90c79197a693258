using System.Text.Json;
using Crible.Reporting;
using Crible.Server.Storage;

namespace Crible.Server.Analyses;

/// <summary>
/// The one application service every front door speaks to: submit a file, look up a verdict by id or by content,
/// read or delete a report. It knows tenants, storage and the queue; it knows nothing about HTTP or protocols.
/// </summary>
public sealed class AnalysisService(
    IAnalysisStore store,
    SampleVault vault,
    EngineHolder engines,
    JobSignal signal,
    CompletionNotifier notifier,
    ServerOptions options,
    TimeProvider clock)
{
    private const int CopyBuffer = 1 << 16;

    /// <summary>Streams the upload to the encrypted vault while hashing it, then queues it or, when this content
    /// was already analysed under the same rules, answers from that analysis.</summary>
    public async Task<AnalysisRecord> SubmitAsync(Tenant tenant, Stream content, SubmitRequest request, string? remote, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(request);
        var id = Guid.NewGuid().ToString("N");
        var writer = vault.Create(id);
        Model.Hashes hashes;
        long size;
        await using (writer.ConfigureAwait(false))
        {
            var buffer = new byte[CopyBuffer];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
            {
                if (writer.Length + read > options.MaxUploadBytes)
                {
                    throw new UploadTooLargeException(options.MaxUploadBytes);
                }

                await writer.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
            }

            hashes = await writer.FinishAsync(cancellation).ConfigureAwait(false);
            size = writer.Length;
        }

        var rulesVersion = engines.Current.RulesVersion;
        var now = clock.GetUtcNow();
        var record = new AnalysisRecord(id, tenant.Id, hashes.Sha256, Clean(request.Name), size, AnalysisStatus.Queued, request.Priority, null, rulesVersion, request.CallbackUrl?.ToString(), request.Metadata, null, now, null, null, false);

        var known = request.Rescan ? null : await store.LatestDoneForHashAsync(hashes.Sha256, rulesVersion, tenant.Id, options.ShareVerdictsAcrossTenants, cancellation).ConfigureAwait(false);
        if (known is not null && await store.GetReportAsync(known.Id, cancellation).ConfigureAwait(false) is { } knownReport)
        {
            vault.Delete(id);
            var report = ReportJson.Deserialize(knownReport);
            var reused = report with { File = report.File with { Name = record.Name }, Source = null };
            record = record with { Status = AnalysisStatus.Done, Verdict = known.Verdict, Started = now, Finished = now, Cached = true };
            await store.InsertAsync(record, null, cancellation).ConfigureAwait(false);
            await store.CompleteAsync(id, AnalysisStatus.Done, known.Verdict, ReportJson.Serialize(reused), rulesVersion, null, cancellation).ConfigureAwait(false);
        }
        else
        {
            var passwords = request.Passwords.Count == 0 ? null : vault.Protect(JsonSerializer.Serialize(request.Passwords));
            await store.InsertAsync(record, passwords, cancellation).ConfigureAwait(false);
            signal.Queued();
        }

        await AuditAsync(tenant, "submit", record, remote, record.Cached ? "verdict reused" : null, cancellation).ConfigureAwait(false);
        return record;
    }

    /// <summary>The analysis as it stands after waiting up to <paramref name="wait"/> for it to end.</summary>
    public async Task<AnalysisRecord?> WaitAsync(Tenant tenant, string id, TimeSpan wait, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var done = notifier.WhenDone(id);
        var record = await store.GetAsync(id, tenant.Id, cancellation).ConfigureAwait(false);
        if (record is null || IsFinished(record) || wait <= TimeSpan.Zero)
        {
            notifier.Forget(id);
            return record;
        }

        try
        {
            await done.WaitAsync(wait, clock, cancellation).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Still running: the caller answers 202 with the status URL.
        }

        return await store.GetAsync(id, tenant.Id, cancellation).ConfigureAwait(false);
    }

    public async Task<AnalysisRecord?> GetAsync(Tenant tenant, string id, string? remote, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var record = await store.GetAsync(id, tenant.Id, cancellation).ConfigureAwait(false);
        if (record is not null)
        {
            await AuditAsync(tenant, "read_status", record, remote, null, cancellation).ConfigureAwait(false);
        }

        return record;
    }

    /// <summary>The report JSON of a finished analysis of this tenant, null when there is none.</summary>
    public async Task<(AnalysisRecord Record, string? Report)?> GetReportAsync(Tenant tenant, string id, string? remote, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var record = await store.GetAsync(id, tenant.Id, cancellation).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        await AuditAsync(tenant, "read_report", record, remote, null, cancellation).ConfigureAwait(false);
        return (record, await store.GetReportAsync(id, cancellation).ConfigureAwait(false));
    }

    /// <summary>This tenant's newest analysis of this content.</summary>
    public async Task<AnalysisRecord?> LookupAsync(Tenant tenant, string sha256, string? remote, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var record = await store.LatestForHashAsync(tenant.Id, sha256.ToLowerInvariant(), cancellation).ConfigureAwait(false);
        await store.AuditAsync(new AuditEntry(clock.GetUtcNow(), tenant.Id, "lookup", record?.Id, sha256, null, null, remote, record is null ? "unknown" : null), cancellation).ConfigureAwait(false);
        return record;
    }

    public async Task<bool> DeleteAsync(Tenant tenant, string id, string? remote, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var record = await store.GetAsync(id, tenant.Id, cancellation).ConfigureAwait(false);
        if (record is null || !await store.DeleteAsync(id, tenant.Id, cancellation).ConfigureAwait(false))
        {
            return false;
        }

        vault.Delete(id);
        await AuditAsync(tenant, "delete", record, remote, null, cancellation).ConfigureAwait(false);
        return true;
    }

    public static bool IsFinished(AnalysisRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Status is AnalysisStatus.Done or AnalysisStatus.Failed;
    }

    private static string Clean(string name)
    {
        var cleaned = new string([.. name.Where(c => !char.IsControl(c)).Take(255)]);
        return cleaned.Length == 0 ? "upload" : cleaned;
    }

    private Task AuditAsync(Tenant tenant, string action, AnalysisRecord record, string? remote, string? detail, CancellationToken cancellation) =>
        store.AuditAsync(new AuditEntry(clock.GetUtcNow(), tenant.Id, action, record.Id, record.Sha256, record.Name, record.Size, remote, detail), cancellation);
}
