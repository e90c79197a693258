using Crible.Server.Clamd;
using Crible.Server.Icap;
using Crible.Server.Matrix;

namespace Crible.Server;

/// <summary>The service's own settings (section <c>Server</c> of the configuration).</summary>
public sealed class ServerOptions
{
    /// <summary>Where the database, the encrypted samples and the keys live.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Analyses run at once.</summary>
    public int Workers { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Largest upload accepted; larger ones get 413.</summary>
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Uploads received at once; more get 429.</summary>
    public int MaxConcurrentUploads { get; set; } = 32;

    /// <summary>Requests one tenant may make per minute; more get 429 with Retry-After.</summary>
    public int RequestsPerMinutePerTenant { get; set; } = 600;

    /// <summary>An upload slower than 240 bytes/s for this long is cut with 408 (a stalled client).</summary>
    public TimeSpan UploadStallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest <c>?wait=</c> a client may ask for.</summary>
    public int MaxWaitSeconds { get; set; } = 120;

    /// <summary>How long samples are kept once analysed; zero deletes them when the analysis ends.</summary>
    public TimeSpan SampleRetention { get; set; } = TimeSpan.Zero;

    /// <summary>How long reports are kept, then purged.</summary>
    public TimeSpan ReportRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A tenant may reuse a verdict another tenant obtained for the same content (no report is shared).</summary>
    public bool ShareVerdictsAcrossTenants { get; set; }

    /// <summary>AES-256 key for samples at rest, base64; when empty a key is generated in the data folder.</summary>
    public string? SampleKey { get; set; }

    public WebhookOptions Webhooks { get; set; } = new();

    public JcopOptions Jcop { get; set; } = new();

    /// <summary>How long a protocol door (clamd, ICAP, Matrix) waits for a verdict before answering that the file
    /// could not be analysed in time.</summary>
    public TimeSpan DoorAnalysisTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public ClamdOptions Clamd { get; set; } = new();

    public IcapOptions Icap { get; set; } = new();

    public MatrixOptions Matrix { get; set; } = new();
}

/// <summary>Callbacks sent when an analysis ends.</summary>
public sealed class WebhookOptions
{
    /// <summary>Host names callbacks may go to; a callback to any other host is refused at submission.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    public int MaxAttempts { get; set; } = 5;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>The JCOP-compatible API.</summary>
public sealed class JcopOptions
{
    public bool Enabled { get; set; } = true;

    public string Prefix { get; set; } = "/jcop/api/v1";
}
