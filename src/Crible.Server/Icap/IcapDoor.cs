using System.Text;
using Crible.Model;
using Crible.Server.Analyses;
using Crible.Server.Doors;
using Microsoft.Extensions.Logging;

namespace Crible.Server.Icap;

/// <summary>
/// ICAP (RFC 3507): OPTIONS, REQMOD and RESPMOD on one service name, keep-alive connections, previews continued
/// with <c>100 Continue</c> so the whole body is analysed. The body goes to <see cref="DoorScanService"/>; the
/// answer is 204 (or the unchanged message) when clean, a 403 page when malicious, and per configuration when
/// unanalysable. A malformed request gets 400 and the connection is closed.
/// </summary>
public sealed class IcapDoor(string address, IcapOptions options, IcapResponder responder, DoorScanService scans, ServerOptions server, ILogger<IcapDoor> logger)
    : DoorListener("ICAP", address, options.MaxConnections, logger)
{
    protected override async Task ServeAsync(Stream connection, string? remote, CancellationToken cancellation)
    {
        var reader = new ProtocolReader(connection);
        while (true)
        {
            IcapRequest? request;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                idle.CancelAfter(options.IdleTimeout);
                try
                {
                    request = await IcapRequest.ReadAsync(reader, idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    return;
                }
                catch (ProtocolException)
                {
                    await SendAsync(connection, responder.Error("400 Bad Request"), cancellation).ConfigureAwait(false);
                    return;
                }
            }

            if (request is null)
            {
                return;
            }

            if (!string.Equals(request.Uri.AbsolutePath.Trim('/'), options.Service, StringComparison.Ordinal))
            {
                await SendAsync(connection, responder.Error("404 ICAP Service Not Found"), cancellation).ConfigureAwait(false);
                return;
            }

            var keepAlive = request.KeepAlive;
            switch (request.Method)
            {
                case "OPTIONS":
                    await SendAsync(connection, responder.Options(), cancellation).ConfigureAwait(false);
                    break;
                case "REQMOD" or "RESPMOD":
                    keepAlive = await AdaptAsync(connection, reader, request, remote, cancellation).ConfigureAwait(false) && keepAlive;
                    break;
                default:
                    await SendAsync(connection, responder.Error("501 Method Not Implemented"), cancellation).ConfigureAwait(false);
                    return;
            }

            if (!keepAlive)
            {
                return;
            }
        }
    }

    /// <summary>Analyses one message and answers; false when the connection must close.</summary>
    private async Task<bool> AdaptAsync(Stream connection, ProtocolReader reader, IcapRequest request, string? remote, CancellationToken cancellation)
    {
        var name = IcapFileName.Of(request);
        if (!request.HasBody)
        {
            var none = new List<string> { "X-Crible-Verdict: clean" };
            await SendAsync(connection, request.Allows204 || request.Preview is not null ? responder.NoContent(none, request.KeepAlive) : responder.Unchanged(request, null, none, request.KeepAlive), cancellation).ConfigureAwait(false);
            return true;
        }

        using var copy = request.Allows204 ? null : new MemoryStream();
        var body = new IcapBody(reader, connection, request.Preview is not null, Math.Min(options.MaxBodyBytes, server.MaxUploadBytes), copy);
        DoorVerdict verdict;
        await using (body.ConfigureAwait(false))
        {
            try
            {
                verdict = await scans.ScanAsync(options.Tenant, body, name, remote, cancellation).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IcapBodyTooLargeException or UploadTooLargeException)
            {
                // The rest of the body is not read: answer, then close.
                var reason = new List<string> { "X-Crible-Verdict: unanalysable", $"X-Crible-Reason: {IcapResponder.HeaderSafe(exception.Message)}" };
                await SendAsync(connection, options.Unanalysable == UnanalysableAction.Block ? responder.Blocked("File not accepted", exception.Message, reason, keepAlive: false) : responder.NoContent(reason, keepAlive: false), cancellation).ConfigureAwait(false);
                return false;
            }
            catch (ProtocolException)
            {
                await SendAsync(connection, responder.Error("400 Bad Request"), cancellation).ConfigureAwait(false);
                return false;
            }
        }

        var headers = IcapResponder.VerdictHeaders(verdict, name);
        var pass = verdict.Verdict == Verdict.Clean || (verdict.Verdict == Verdict.Unanalysable && options.Unanalysable == UnanalysableAction.Pass);
        byte[] answer;
        if (pass)
        {
            answer = copy is null || body.EndedInPreview ? responder.NoContent(headers, request.KeepAlive) : responder.Unchanged(request, copy.ToArray(), headers, request.KeepAlive);
        }
        else if (verdict.Verdict == Verdict.Malicious)
        {
            answer = responder.Blocked("Malicious file blocked", $"Crible found {string.Join(", ", verdict.Threats)} in {name} (analysis {verdict.Record.Id}).", headers, request.KeepAlive);
        }
        else
        {
            answer = responder.Blocked("File blocked: it could not be fully analysed", $"{name}: {verdict.ReasonSummary} (analysis {verdict.Record.Id}).", headers, request.KeepAlive);
        }

        await SendAsync(connection, answer, cancellation).ConfigureAwait(false);
        return true;
    }

    private static async Task SendAsync(Stream connection, byte[] bytes, CancellationToken cancellation)
    {
        await connection.WriteAsync(bytes, cancellation).ConfigureAwait(false);
        await connection.FlushAsync(cancellation).ConfigureAwait(false);
    }
}

/// <summary>The file's name from the encapsulated HTTP message: Content-Disposition's filename, else the last
/// segment of the request's path (La Suite sends <c>POST /&lt;filename&gt;</c>), else <c>icap-body</c>.</summary>
internal static class IcapFileName
{
    public static string Of(IcapRequest request)
    {
        var response = Encoding.Latin1.GetString(request.ResponseHeader);
        var disposition = response.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Disposition:", StringComparison.OrdinalIgnoreCase));
        if (disposition is not null && disposition.IndexOf("filename=", StringComparison.OrdinalIgnoreCase) is var at and >= 0)
        {
            var value = disposition[(at + 9)..].Split(';')[0].Trim().Trim('"');
            if (value.Length > 0)
            {
                return value;
            }
        }

        var start = Encoding.Latin1.GetString(request.RequestHeader).Split("\r\n")[0].Split(' ');
        if (start.Length >= 2)
        {
            var path = start[1];
            if (Uri.TryCreate(path, UriKind.Absolute, out var absolute))
            {
                path = absolute.AbsolutePath;
            }

            var last = Uri.UnescapeDataString(path.Split('?')[0].TrimEnd('/').Split('/')[^1]);
            if (last.Length > 0)
            {
                return last;
            }
        }

        return "icap-body";
    }
}
