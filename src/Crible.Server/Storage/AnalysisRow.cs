using System.Globalization;

namespace Crible.Server.Storage;

/// <summary>An <c>analyses</c> row as SQL sees it (text dates, text status).</summary>
internal sealed class AnalysisRow
{
    public string Id { get; set; } = string.Empty;

    public string TenantId { get; set; } = string.Empty;

    public string Sha256 { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public long Size { get; set; }

    public string Status { get; set; } = "queued";

    public long Priority { get; set; }

    public string? Verdict { get; set; }

    public string? RulesVersion { get; set; }

    public string? CallbackUrl { get; set; }

    public string? Metadata { get; set; }

    public string? Error { get; set; }

    public string Created { get; set; } = string.Empty;

    public string? Started { get; set; }

    public string? Finished { get; set; }

    public long Cached { get; set; }

    public string? Passwords { get; set; }

    public static string StatusName(AnalysisStatus status) => status.ToString().ToLowerInvariant();

    public static AnalysisRow From(AnalysisRecord record, string? passwords) => new()
    {
        Id = record.Id,
        TenantId = record.TenantId,
        Sha256 = record.Sha256,
        Name = record.Name,
        Size = record.Size,
        Status = StatusName(record.Status),
        Priority = record.Priority,
        Verdict = record.Verdict,
        RulesVersion = record.RulesVersion,
        CallbackUrl = record.CallbackUrl,
        Metadata = record.Metadata,
        Error = record.Error,
        Created = record.Created.ToString("O", CultureInfo.InvariantCulture),
        Started = record.Started?.ToString("O", CultureInfo.InvariantCulture),
        Finished = record.Finished?.ToString("O", CultureInfo.InvariantCulture),
        Cached = record.Cached ? 1 : 0,
        Passwords = passwords,
    };

    public AnalysisRecord ToRecord() => new(
        Id,
        TenantId,
        Sha256,
        Name,
        Size,
        Enum.Parse<AnalysisStatus>(Status, ignoreCase: true),
        (int)Priority,
        Verdict,
        RulesVersion,
        CallbackUrl,
        Metadata,
        Error,
        DateTimeOffset.Parse(Created, CultureInfo.InvariantCulture),
        Started is null ? null : DateTimeOffset.Parse(Started, CultureInfo.InvariantCulture),
        Finished is null ? null : DateTimeOffset.Parse(Finished, CultureInfo.InvariantCulture),
        Cached != 0);
}
