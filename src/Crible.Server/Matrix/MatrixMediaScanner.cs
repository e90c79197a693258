using System.Net;
using System.Text.RegularExpressions;
using Crible.Server.Doors;

namespace Crible.Server.Matrix;

/// <summary>Fetches media from the configured homeserver only, bounded in size, and analyses it through
/// <see cref="DoorScanService"/>.</summary>
public sealed partial class MatrixMediaScanner(IHttpClientFactory clients, DoorScanService scans, MatrixOptions options)
{
    public const string HttpClientName = "matrix-homeserver";

    /// <summary>Server names and media ids as the Matrix specification allows them; anything else is not fetched.</summary>
    public static bool IsValidMediaPath(string serverName, string mediaId) => ServerName().IsMatch(serverName) && MediaId().IsMatch(mediaId);

    /// <summary>The media, or the error the client gets (M_NOT_FOUND, MCS_MEDIA_REQUEST_FAILED).</summary>
    public async Task<(Media? Media, MatrixError? Error)> FetchAsync(string kind, string serverName, string mediaId, string? query, string? authorization, CancellationToken cancellation)
    {
        var prefix = authorization is null ? "/_matrix/media/v3/" : "/_matrix/client/v1/media/";
        var address = new Uri(options.Homeserver!, $"{prefix}{kind}/{Uri.EscapeDataString(serverName)}/{Uri.EscapeDataString(mediaId)}{query}");
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return (null, MatrixError.NotFound("The media was not found on the homeserver."));
            }

            if (!response.IsSuccessStatusCode)
            {
                return (null, MatrixError.RequestFailed($"The homeserver answered {(int)response.StatusCode}."));
            }

            if (response.Content.Headers.ContentLength > options.MaxMediaBytes)
            {
                return (null, MatrixError.RequestFailed($"The media is larger than the {options.MaxMediaBytes} bytes this scanner fetches."));
            }

            var body = await ReadBoundedAsync(await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false), cancellation).ConfigureAwait(false);
            if (body is null)
            {
                return (null, MatrixError.RequestFailed($"The media is larger than the {options.MaxMediaBytes} bytes this scanner fetches."));
            }

            var type = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
            var disposition = response.Content.Headers.ContentDisposition?.ToString();
            return (new Media(body, type, disposition), null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return (null, MatrixError.RequestFailed($"The homeserver could not be reached ({exception.Message})."));
        }
    }

    public Task<DoorVerdict> ScanAsync(byte[] content, string name, string? remote, CancellationToken cancellation) =>
        scans.ScanAsync(options.Tenant, new MemoryStream(content, writable: false), name, remote, cancellation);

    private async Task<byte[]?> ReadBoundedAsync(Stream stream, CancellationToken cancellation)
    {
        await using (stream.ConfigureAwait(false))
        {
            using var copy = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
            {
                if (copy.Length + read > options.MaxMediaBytes)
                {
                    return null;
                }

                copy.Write(buffer, 0, read);
            }

            return copy.ToArray();
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9.\-]{1,255}(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?$")]
    private static partial Regex ServerName();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex MediaId();
}

/// <summary>Media as the homeserver served it.</summary>
public sealed record Media(byte[] Content, string ContentType, string? ContentDisposition);

/// <summary>An error in the content scanner's format: <c>{"reason": ..., "info": ...}</c> with its status.</summary>
public sealed record MatrixError(int Status, string Reason, string Info)
{
    public static MatrixError NotFound(string info) => new(404, "M_NOT_FOUND", info);

    public static MatrixError RequestFailed(string info) => new(502, "MCS_MEDIA_REQUEST_FAILED", info);

    public static MatrixError Malformed(string info) => new(400, "MCS_MALFORMED_JSON", info);

    public static MatrixError FailedToDecrypt(string info) => new(400, "MCS_MEDIA_FAILED_TO_DECRYPT", info);

    public static MatrixError BadDecryption(string info) => new(403, "MCS_BAD_DECRYPTION", info);

    public static MatrixError NotClean(string info) => new(403, "MCS_MEDIA_NOT_CLEAN", info);
}
