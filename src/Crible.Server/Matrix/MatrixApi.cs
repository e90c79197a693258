using System.Text.Json;
using Crible.Model;
using Crible.Server.Api;
using Crible.Server.Doors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Crible.Server.Matrix;

/// <summary>
/// The routes of matrix-org/matrix-content-scanner under <c>/_matrix/media_proxy/unstable</c>: <c>scan</c>,
/// <c>download</c> and <c>thumbnail</c> of <c>{serverName}/{mediaId}</c>, and <c>scan_encrypted</c> /
/// <c>download_encrypted</c> with the attachment's <c>file</c> object, sent plain or as an Olm-encrypted
/// <c>encrypted_body</c> for the key that <c>public_key</c> serves. Answers and error codes follow that project's
/// documentation (docs/api.md).
/// </summary>
internal static class MatrixApi
{
    private const string NotCleanInfo = "***VIRUS DETECTED***";

    /// <summary>Largest request body of the encrypted routes: metadata of one file, plain or encrypted.</summary>
    private const long MaxBodyBytes = 256 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        var matrix = app.MapGroup("/_matrix/media_proxy/unstable").WithTags("Matrix content scanner");
        matrix.MapGet("/scan/{serverName}/{mediaId}", (HttpContext c, MatrixMediaScanner s, string serverName, string mediaId) => HandleAsync(c, s, serverName, mediaId, null, download: false, thumbnail: false));
        matrix.MapGet("/download/{serverName}/{mediaId}", (HttpContext c, MatrixMediaScanner s, string serverName, string mediaId) => HandleAsync(c, s, serverName, mediaId, null, download: true, thumbnail: false));
        matrix.MapGet("/thumbnail/{serverName}/{mediaId}", (HttpContext c, MatrixMediaScanner s, string serverName, string mediaId) => HandleAsync(c, s, serverName, mediaId, null, download: true, thumbnail: true));
        matrix.MapPost("/scan_encrypted", (HttpContext c, MatrixMediaScanner s, OlmPkDecryption d) => EncryptedAsync(c, s, d, download: false)).DisableAntiforgery();
        matrix.MapPost("/download_encrypted", (HttpContext c, MatrixMediaScanner s, OlmPkDecryption d) => EncryptedAsync(c, s, d, download: true)).DisableAntiforgery();
        matrix.MapGet("/public_key", (OlmPkDecryption d) => Results.Json(new { public_key = d.PublicKey }));
        matrix.MapFallback("/{**rest}", () => Error(MatrixError.NotFound("No such content-scanner route.")));
    }

    private static async Task<IResult> EncryptedAsync(HttpContext context, MatrixMediaScanner scanner, OlmPkDecryption decryption, bool download)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

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
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Error(new MatrixError(StatusCodes.Status413PayloadTooLarge, "MCS_MALFORMED_JSON", $"The body is larger than {MaxBodyBytes} bytes."));
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return Error(MatrixError.Malformed("The body must be a JSON object."));
        }

        // As the reference scanner does: when encrypted_body is present, the decrypted body replaces the request's.
        if (body.TryGetProperty("encrypted_body", out var encrypted))
        {
            var (opened, error) = OpenEncryptedBody(encrypted, decryption);
            if (opened is not { } plainBody)
            {
                return Error(error!);
            }

            body = plainBody;
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

    /// <summary>The request body inside <c>encrypted_body</c>: 403 MCS_BAD_DECRYPTION when it does not open with our
    /// key (the client then fetches the public key again), 400 MCS_MALFORMED_JSON when it is not a well-formed
    /// message or does not hold a JSON object.</summary>
    private static (JsonElement? Body, MatrixError? Error) OpenEncryptedBody(JsonElement encrypted, OlmPkDecryption decryption)
    {
        if (encrypted.ValueKind != JsonValueKind.Object
            || !TryString(encrypted, "ciphertext", out var ciphertext) || !TryString(encrypted, "mac", out var mac) || !TryString(encrypted, "ephemeral", out var ephemeral))
        {
            return (null, MatrixError.Malformed("encrypted_body must be an object with the strings ciphertext, mac and ephemeral."));
        }

        if (ciphertext.Length > OlmPkDecryption.MaxCiphertextChars)
        {
            return (null, MatrixError.Malformed($"encrypted_body.ciphertext is longer than {OlmPkDecryption.MaxCiphertextChars} characters."));
        }

        if (decryption.Decrypt(ciphertext, mac, ephemeral) is not { } plain)
        {
            return (null, MatrixError.BadDecryption("The encrypted_body could not be decrypted with this scanner's key: fetch public_key again and retry."));
        }

        try
        {
            using var document = JsonDocument.Parse(plain);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (null, MatrixError.Malformed("The decrypted body must be a JSON object."));
        }
        catch (JsonException exception)
        {
            return (null, MatrixError.Malformed($"The decrypted body is not JSON ({exception.Message})."));
        }
    }

    private static bool TryString(JsonElement element, string name, out string value)
    {
        value = element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString()! : string.Empty;
        return value.Length > 0;
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
