using System.Text.Json;
using Crible.Model;
using Crible.Server.Api;
using Crible.Server.Doors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crible.Server.Matrix;

/// <summary>
/// The routes of matrix-org/matrix-content-scanner under <c>/_matrix/media_proxy/unstable</c>: <c>scan</c>,
/// <c>download</c> and <c>thumbnail</c> of <c>{serverName}/{mediaId}</c>, and <c>scan_encrypted</c> /
/// <c>download_encrypted</c> with the attachment's <c>file</c> object. Answers and error codes follow that
/// project's documentation. Olm-encrypted request bodies (<c>encrypted_body</c>, <c>public_key</c>) are not served.
/// </summary>
internal static class MatrixApi
{
    private const string NotCleanInfo = "***VIRUS DETECTED***";

    public static void Map(IEndpointRouteBuilder app)
    {
        var matrix = app.MapGroup("/_matrix/media_proxy/unstable").WithTags("Matrix content scanner");
        matrix.MapGet("/scan/{serverName}/{mediaId}", (HttpContext c, MatrixMediaScanner s, string serverName, string mediaId) => HandleAsync(c, s, serverName, mediaId, null, download: false, thumbnail: false));
        matrix.MapGet("/download/{serverName}/{mediaId}", (HttpContext c, MatrixMediaScanner s, string serverName, string mediaId) => HandleAsync(c, s, serverName, mediaId, null, download: true, thumbnail: false));
        matrix.MapGet("/thumbnail/{serverName}/{mediaId}", (HttpContext c, MatrixMediaScanner s, string serverName, string mediaId) => HandleAsync(c, s, serverName, mediaId, null, download: true, thumbnail: true));
        matrix.MapPost("/scan_encrypted", (HttpContext c, MatrixMediaScanner s) => EncryptedAsync(c, s, download: false)).DisableAntiforgery();
        matrix.MapPost("/download_encrypted", (HttpContext c, MatrixMediaScanner s) => EncryptedAsync(c, s, download: true)).DisableAntiforgery();
        matrix.MapFallback("/{**rest}", () => Error(MatrixError.NotFound("No such content-scanner route.")));
    }

    private static async Task<IResult> EncryptedAsync(HttpContext context, MatrixMediaScanner scanner, bool download)
    {
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
            body = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            return Error(MatrixError.Malformed(exception.Message));
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return Error(MatrixError.Malformed("The body must be a JSON object."));
        }

        if (body.TryGetProperty("encrypted_body", out _))
        {
            return Error(new MatrixError(403, "MCS_BAD_DECRYPTION", "Olm-encrypted bodies are not supported by this scanner: send the 'file' object itself."));
        }

        if (!body.TryGetProperty("file", out var file) || file.ValueKind != JsonValueKind.Object)
        {
            return Error(MatrixError.Malformed("The body has no 'file' object."));
        }

        if (EncryptedAttachment.Parse(file, out var problem) is not { } attachment)
        {
            return Error(MatrixError.Malformed(problem!));
        }

        return await HandleAsync(context, scanner, attachment.ServerName, attachment.MediaId, attachment, download, thumbnail: false).ConfigureAwait(false);
    }

    private static async Task<IResult> HandleAsync(HttpContext context, MatrixMediaScanner scanner, string serverName, string mediaId, EncryptedAttachment? attachment, bool download, bool thumbnail)
    {
        if (!MatrixMediaScanner.IsValidMediaPath(serverName, mediaId))
        {
            return download ? Error(MatrixError.NotClean("Malformed media ID")) : Results.Json(new { clean = false, info = "Malformed media ID" });
        }

        var authorization = context.Request.Headers.Authorization.FirstOrDefault();
        var (media, error) = await scanner.FetchAsync(thumbnail ? "thumbnail" : "download", serverName, mediaId, thumbnail ? context.Request.QueryString.Value : null, authorization, context.RequestAborted).ConfigureAwait(false);
        if (media is null)
        {
            return Error(error!);
        }

        var content = media.Content;
        if (attachment is not null)
        {
            var plain = attachment.Decrypt(content);
            if (plain is null)
            {
                return Error(MatrixError.FailedToDecrypt("The media does not have the SHA-256 given in file.hashes.sha256."));
            }

            content = plain;
        }

        var verdict = await scanner.ScanAsync(content, mediaId, RequestContext.Remote(context), context.RequestAborted).ConfigureAwait(false);
        var clean = verdict.Verdict == Verdict.Clean;
        var info = verdict.Verdict switch
        {
            Verdict.Clean => "File is clean",
            Verdict.Malicious => NotCleanInfo,
            _ => $"File could not be fully analysed: {verdict.ReasonSummary}",
        };
        if (!download)
        {
            return Results.Json(new { clean, info, crible = Details(verdict) });
        }

        if (!clean)
        {
            return Results.Json(new { reason = "MCS_MEDIA_NOT_CLEAN", info, crible = Details(verdict) }, statusCode: StatusCodes.Status403Forbidden);
        }

        if (media.ContentDisposition is { } disposition)
        {
            context.Response.Headers.ContentDisposition = disposition;
        }

        // What the client asked for: the encrypted bytes for an encrypted attachment, as the homeserver serves them.
        return Results.Bytes(media.Content, attachment is null ? media.ContentType : "application/octet-stream");
    }

    private static object Details(DoorVerdict verdict) => new
    {
        verdict = verdict.Verdict.ToString().ToLowerInvariant(),
        analysis_id = verdict.Record.Id,
        threats = verdict.Threats,
    };

    private static IResult Error(MatrixError error) => Results.Json(new { reason = error.Reason, info = error.Info }, statusCode: error.Status);
}
