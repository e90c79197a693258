namespace Crible.Server.Storage;

/// <summary>Where an analysis stands.</summary>
public enum AnalysisStatus
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>One submission of one file by one tenant.</summary>
/// <param name="Cached">True when the verdict was reused from an earlier analysis of the same content.</param>
public sealed record AnalysisRecord(
    string Id,
    string TenantId,
    string Sha256,
    string Name,
    long Size,
    AnalysisStatus Status,
    int Priority,
    string? Verdict,
    string? RulesVersion,
    string? CallbackUrl,
    string? Metadata,
    string? Error,
    DateTimeOffset Created,
    DateTimeOffset? Started,
    DateTimeOffset? Finished,
    bool Cached);

/// <summary>A tenant: an organisation or platform whose analyses are private to it.</summary>
public sealed record Tenant(string Id, string Name, bool IsAdmin);

/// <summary>One line of the audit log.</summary>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string? TenantId,
    string Action,
    string? AnalysisId,
    string? Sha256,
    string? Name,
    long? Size,
    string? Remote,
    string? Detail);

/// <summary>A hash an operator declared known-good or a false positive.</summary>
public sealed record SafelistEntry(string Sha256, string Kind, string Reason, string? TenantId, DateTimeOffset Created);
