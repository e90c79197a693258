namespace Crible.Server.Storage;

/// <summary>The SQLite schema, created if absent at start-up.</summary>
internal static class SqliteSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS tenants (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            admin INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS api_keys (
            hash TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS analyses (
            id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            sha256 TEXT NOT NULL,
            name TEXT NOT NULL,
            size INTEGER NOT NULL,
            status TEXT NOT NULL,
            priority INTEGER NOT NULL DEFAULT 0,
            verdict TEXT,
            rules_version TEXT,
            callback_url TEXT,
            metadata TEXT,
            error TEXT,
            created TEXT NOT NULL,
            started TEXT,
            finished TEXT,
            cached INTEGER NOT NULL DEFAULT 0,
            passwords TEXT,
            report TEXT);
        CREATE INDEX IF NOT EXISTS analyses_by_hash ON analyses (sha256, tenant_id, created);
        CREATE INDEX IF NOT EXISTS analyses_by_status ON analyses (status, priority, created);
        CREATE TABLE IF NOT EXISTS audit (
            time TEXT NOT NULL,
            tenant_id TEXT,
            action TEXT NOT NULL,
            analysis_id TEXT,
            sha256 TEXT,
            name TEXT,
            size INTEGER,
            remote TEXT,
            detail TEXT);
        CREATE TABLE IF NOT EXISTS safelist (
            sha256 TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            reason TEXT NOT NULL,
            tenant_id TEXT,
            created TEXT NOT NULL);
        """;
}
