using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Crible.Model;
using Crible.Server.Security;
using Crible.Server.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crible.Server.Analyses;

/// <summary>
/// Posts the verdict summary to a submission's callback URL, signed, with retries and exponential back-off. Only
/// hosts the operator allowed are ever contacted: Crible makes no other outbound connection.
/// </summary>
public sealed partial class WebhookSender(
    IHttpClientFactory clients,
    WebhookSigner signer,
    ServerOptions options,
    TimeProvider clock,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string SignatureHeader = "X-Crible-Signature";

    private readonly Channel<(Uri Url, byte[] Body)> _queue = Channel.CreateBounded<(Uri, byte[])>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    /// <summary>True when the operator allows callbacks to this URL (http or https, allowed host).</summary>
    public bool IsAllowed(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && options.Webhooks.AllowedHosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase);
    }

    public void Enqueue(AnalysisRecord record, Report? report)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.CallbackUrl is null || !Uri.TryCreate(record.CallbackUrl, UriKind.Absolute, out var url) || !IsAllowed(url))
        {
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["id"] = record.Id,
            ["status"] = record.Status.ToString().ToLowerInvariant(),
            ["verdict"] = record.Verdict,
            ["sha256"] = record.Sha256,
            ["name"] = record.Name,
            ["size"] = record.Size,
            ["detected_by"] = report?.DetectingEngines.ToArray() ?? [],
            ["threats"] = report?.AllFindings.Where(f => f.Finding.Severity == Severity.Malicious).Select(f => f.Finding.Id).Distinct().ToArray() ?? [],
            ["metadata"] = record.Metadata is null ? null : JsonDocument.Parse(record.Metadata).RootElement,
            ["report_url"] = $"/api/v1/analyses/{record.Id}/report",
        });
        _queue.Writer.TryWrite((url, body));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (url, body) in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            _ = DeliverAsync(url, body, stoppingToken);
        }
    }

    private async Task DeliverAsync(Uri url, byte[] body, CancellationToken stoppingToken)
    {
        var signature = signer.SignDetached(body);
        var delay = options.Webhooks.FirstRetryDelay;
        for (var attempt = 1; attempt <= options.Webhooks.MaxAttempts; attempt++)
        {
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                request.Headers.Add(SignatureHeader, signature);
                using var client = clients.CreateClient("webhooks");
                using var response = await client.SendAsync(request, stoppingToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                LogAttemptFailed(logger, url.Host, attempt, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                LogAttemptFailed(logger, url.Host, attempt, exception.Message);
            }

            await Task.Delay(delay, clock, stoppingToken).ConfigureAwait(false);
            delay *= 2;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook to {Host}, attempt {Attempt}, failed: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string host, int attempt, string reason);
}
