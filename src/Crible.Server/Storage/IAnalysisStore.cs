namespace Crible.Server.Storage;

/// <summary>Where analyses, tenants, the audit log and the safelist are kept. SQLite by default; a PostgreSQL
/// implementation serves the same contract for several instances.</summary>
public interface IAnalysisStore
{
    Task InitializeAsync(CancellationToken cancellation);

    Task<Tenant> AddTenantKeyAsync(string tenantName, string keyHash, bool isAdmin, CancellationToken cancellation);

    Task<Tenant?> FindTenantByKeyHashAsync(string keyHash, CancellationToken cancellation);

    /// <summary>The tenant of this name, created (without key, not administrator) if new: the protocol doors,
    /// which carry no API key, submit under a tenant named in their configuration.</summary>
    Task<Tenant> EnsureTenantAsync(string tenantName, CancellationToken cancellation);

    Task InsertAsync(AnalysisRecord record, string? protectedPasswords, CancellationToken cancellation);

    Task<AnalysisRecord?> GetAsync(string id, string tenantId, CancellationToken cancellation);

    /// <summary>The newest analysis of this content by this tenant.</summary>
    Task<AnalysisRecord?> LatestForHashAsync(string tenantId, string sha256, CancellationToken cancellation);

    /// <summary>The newest finished analysis of this content under this rule set, by this tenant or (when
    /// <paramref name="anyTenant"/>) by any.</summary>
    Task<AnalysisRecord?> LatestDoneForHashAsync(string sha256, string rulesVersion, string tenantId, bool anyTenant, CancellationToken cancellation);

    Task<string?> GetReportAsync(string id, CancellationToken cancellation);

    /// <summary>Takes the most urgent queued analysis and marks it running, atomically.</summary>
    Task<ClaimedAnalysis?> ClaimNextAsync(CancellationToken cancellation);

    Task CompleteAsync(string id, AnalysisStatus status, string? verdict, string? reportJson, string? rulesVersion, string? failure, CancellationToken cancellation);

    /// <summary>Puts back in the queue what was running when the service stopped; returns how many.</summary>
    Task<int> RequeueInterruptedAsync(CancellationToken cancellation);

    Task<bool> DeleteAsync(string id, string tenantId, CancellationToken cancellation);

    Task<int> QueueDepthAsync(CancellationToken cancellation);

    Task AuditAsync(AuditEntry entry, CancellationToken cancellation);

    Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(int limit, CancellationToken cancellation);

    Task AddSafelistAsync(SafelistEntry entry, CancellationToken cancellation);

    Task<bool> RemoveSafelistAsync(string sha256, CancellationToken cancellation);

    Task<IReadOnlyList<SafelistEntry>> GetSafelistAsync(CancellationToken cancellation);

    /// <summary>Ids of analyses that finished before <paramref name="before"/> (their samples may go).</summary>
    Task<IReadOnlyList<string>> FinishedBeforeAsync(DateTimeOffset before, CancellationToken cancellation);

    /// <summary>Analyses whose reports are older than <paramref name="before"/>: removed; returns their ids.</summary>
    Task<IReadOnlyList<string>> PurgeReportsAsync(DateTimeOffset before, CancellationToken cancellation);
}

/// <summary>An analysis a worker took from the queue.</summary>
public sealed record ClaimedAnalysis(AnalysisRecord Record, string? ProtectedPasswords);
