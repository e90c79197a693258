using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Crible.Server.Storage;

/// <summary>The default store: one SQLite file in the data folder (WAL mode, one connection per operation).</summary>
public sealed class SqliteAnalysisStore(string databasePath) : IAnalysisStore
{
    private const string Columns = "id, tenant_id, sha256, name, size, status, priority, verdict, rules_version, callback_url, metadata, error, created, started, finished, cached";

    static SqliteAnalysisStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public async Task InitializeAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(SqliteSchema.Create, cancellationToken: cancellation)).ConfigureAwait(false);
    }

    public async Task<Tenant> AddTenantKeyAsync(string tenantName, string keyHash, bool isAdmin, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        var tenant = await connection.QuerySingleOrDefaultAsync<TenantRow>(
            new CommandDefinition("SELECT id, name, admin FROM tenants WHERE name = @tenantName", new { tenantName }, transaction, cancellationToken: cancellation)).ConfigureAwait(false);
        if (tenant is null)
        {
            tenant = new TenantRow { Id = Guid.NewGuid().ToString("N"), Name = tenantName, Admin = isAdmin ? 1 : 0 };
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO tenants (id, name, admin, created) VALUES (@Id, @Name, @Admin, @created)",
                new { tenant.Id, tenant.Name, tenant.Admin, created = Now() },
                transaction,
                cancellationToken: cancellation)).ConfigureAwait(false);
        }
        else if (isAdmin && tenant.Admin == 0)
        {
            tenant.Admin = 1;
            await connection.ExecuteAsync(new CommandDefinition("UPDATE tenants SET admin = 1 WHERE id = @Id", new { tenant.Id }, transaction, cancellationToken: cancellation)).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (hash, tenant_id, created) VALUES (@keyHash, @Id, @created)",
            new { keyHash, tenant.Id, created = Now() },
            transaction,
            cancellationToken: cancellation)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        return tenant.ToTenant();
    }

    public async Task<Tenant> EnsureTenantAsync(string tenantName, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO tenants (id, name, admin, created) VALUES (@id, @tenantName, 0, @created) ON CONFLICT (name) DO NOTHING",
            new { id = Guid.NewGuid().ToString("N"), tenantName, created = Now() },
            cancellationToken: cancellation)).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<TenantRow>(new CommandDefinition(
            "SELECT id, name, admin FROM tenants WHERE name = @tenantName", new { tenantName }, cancellationToken: cancellation)).ConfigureAwait(false);
        return row.ToTenant();
    }

    public async Task<Tenant?> FindTenantByKeyHashAsync(string keyHash, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<TenantRow>(new CommandDefinition(
            "SELECT t.id, t.name, t.admin FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.hash = @keyHash",
            new { keyHash },
            cancellationToken: cancellation)).ConfigureAwait(false);
        return row?.ToTenant();
    }

    public async Task InsertAsync(AnalysisRecord record, string? protectedPasswords, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO analyses ({Columns}, passwords) VALUES (@Id, @TenantId, @Sha256, @Name, @Size, @Status, @Priority, @Verdict, @RulesVersion, @CallbackUrl, @Metadata, @Error, @Created, @Started, @Finished, @Cached, @Passwords)",
            AnalysisRow.From(record, protectedPasswords),
            cancellationToken: cancellation)).ConfigureAwait(false);
    }

    public async Task<AnalysisRecord?> GetAsync(string id, string tenantId, CancellationToken cancellation) =>
        await QueryOneAsync($"SELECT {Columns} FROM analyses WHERE id = @id AND tenant_id = @tenantId", new { id, tenantId }, cancellation).ConfigureAwait(false);

    public async Task<AnalysisRecord?> LatestForHashAsync(string tenantId, string sha256, CancellationToken cancellation) =>
        await QueryOneAsync($"SELECT {Columns} FROM analyses WHERE tenant_id = @tenantId AND sha256 = @sha256 ORDER BY created DESC, rowid DESC LIMIT 1", new { tenantId, sha256 }, cancellation).ConfigureAwait(false);

    public async Task<AnalysisRecord?> LatestDoneForHashAsync(string sha256, string rulesVersion, string tenantId, bool anyTenant, CancellationToken cancellation) =>
        await QueryOneAsync(
            $"SELECT {Columns} FROM analyses WHERE sha256 = @sha256 AND rules_version = @rulesVersion AND status = 'done' AND report IS NOT NULL AND (@anyTenant OR tenant_id = @tenantId) ORDER BY (tenant_id = @tenantId) DESC, finished DESC LIMIT 1",
            new { sha256, rulesVersion, tenantId, anyTenant },
            cancellation).ConfigureAwait(false);

    public async Task<string?> GetReportAsync(string id, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("SELECT report FROM analyses WHERE id = @id", new { id }, cancellationToken: cancellation)).ConfigureAwait(false);
    }

    public async Task<ClaimedAnalysis?> ClaimNextAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<AnalysisRow>(new CommandDefinition(
            $"UPDATE analyses SET status = 'running', started = @now WHERE id = (SELECT id FROM analyses WHERE status = 'queued' ORDER BY priority DESC, created, rowid LIMIT 1) RETURNING {Columns}, passwords",
            new { now = Now() },
            cancellationToken: cancellation)).ConfigureAwait(false);
        return row is null ? null : new ClaimedAnalysis(row.ToRecord(), row.Passwords);
    }

    public async Task CompleteAsync(string id, AnalysisStatus status, string? verdict, string? reportJson, string? rulesVersion, string? failure, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE analyses SET status = @status, verdict = @verdict, report = @reportJson, rules_version = COALESCE(@rulesVersion, rules_version), error = @error, finished = @now, passwords = NULL WHERE id = @id",
            new { id, status = AnalysisRow.StatusName(status), verdict, reportJson, rulesVersion, error = failure, now = Now() },
            cancellationToken: cancellation)).ConfigureAwait(false);
    }

    public async Task<int> RequeueInterruptedAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition("UPDATE analyses SET status = 'queued', started = NULL WHERE status = 'running'", cancellationToken: cancellation)).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string id, string tenantId, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM analyses WHERE id = @id AND tenant_id = @tenantId", new { id, tenantId }, cancellationToken: cancellation)).ConfigureAwait(false) > 0;
    }

    public async Task<int> QueueDepthAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM analyses WHERE status IN ('queued', 'running')", cancellationToken: cancellation)).ConfigureAwait(false);
    }

    public async Task AuditAsync(AuditEntry entry, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit (time, tenant_id, action, analysis_id, sha256, name, size, remote, detail) VALUES (@time, @TenantId, @Action, @AnalysisId, @Sha256, @Name, @Size, @Remote, @Detail)",
            new { time = entry.Time.ToString("O", CultureInfo.InvariantCulture), entry.TenantId, entry.Action, entry.AnalysisId, entry.Sha256, entry.Name, entry.Size, entry.Remote, entry.Detail },
            cancellationToken: cancellation)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(int limit, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(
            "SELECT time, tenant_id AS TenantId, action, analysis_id AS AnalysisId, sha256, name, size, remote, detail FROM audit ORDER BY rowid DESC LIMIT @limit",
            new { limit },
            cancellationToken: cancellation)).ConfigureAwait(false);
        return [.. rows.Select(r => new AuditEntry(DateTimeOffset.Parse(r.Time, CultureInfo.InvariantCulture), r.TenantId, r.Action, r.AnalysisId, r.Sha256, r.Name, r.Size, r.Remote, r.Detail))];
    }

    public async Task AddSafelistAsync(SafelistEntry entry, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT OR REPLACE INTO safelist (sha256, kind, reason, tenant_id, created) VALUES (@Sha256, @Kind, @Reason, @TenantId, @created)",
            new { entry.Sha256, entry.Kind, entry.Reason, entry.TenantId, created = entry.Created.ToString("O", CultureInfo.InvariantCulture) },
            cancellationToken: cancellation)).ConfigureAwait(false);
    }

    public async Task<bool> RemoveSafelistAsync(string sha256, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM safelist WHERE sha256 = @sha256", new { sha256 }, cancellationToken: cancellation)).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<SafelistEntry>> GetSafelistAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SafelistRow>(new CommandDefinition("SELECT sha256, kind, reason, tenant_id AS TenantId, created FROM safelist ORDER BY sha256", cancellationToken: cancellation)).ConfigureAwait(false);
        return [.. rows.Select(r => new SafelistEntry(r.Sha256, r.Kind, r.Reason, r.TenantId, DateTimeOffset.Parse(r.Created, CultureInfo.InvariantCulture)))];
    }

    public async Task<IReadOnlyList<string>> FinishedBeforeAsync(DateTimeOffset before, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM analyses WHERE status IN ('done', 'failed') AND finished < @before",
            new { before = before.ToString("O", CultureInfo.InvariantCulture) },
            cancellationToken: cancellation)).ConfigureAwait(false);
        return [.. ids];
    }

    public async Task<IReadOnlyList<string>> PurgeReportsAsync(DateTimeOffset before, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "DELETE FROM analyses WHERE status IN ('done', 'failed') AND finished < @before RETURNING id",
            new { before = before.ToString("O", CultureInfo.InvariantCulture) },
            cancellationToken: cancellation)).ConfigureAwait(false);
        return [.. ids];
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private async Task<AnalysisRecord?> QueryOneAsync(string sql, object parameters, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        var row = await connection.QueryFirstOrDefaultAsync<AnalysisRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellation)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellation)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;").ConfigureAwait(false);
        return connection;
    }

    private sealed class TenantRow
    {
        public string Id { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public long Admin { get; set; }

        public Tenant ToTenant() => new(Id, Name, Admin != 0);
    }

    private sealed class AuditRow
    {
        public string Time { get; set; } = string.Empty;

        public string? TenantId { get; set; }

        public string Action { get; set; } = string.Empty;

        public string? AnalysisId { get; set; }

        public string? Sha256 { get; set; }

        public string? Name { get; set; }

        public long? Size { get; set; }

        public string? Remote { get; set; }

        public string? Detail { get; set; }
    }

    private sealed class SafelistRow
    {
        public string Sha256 { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public string Reason { get; set; } = string.Empty;

        public string? TenantId { get; set; }

        public string Created { get; set; } = string.Empty;
    }
}
