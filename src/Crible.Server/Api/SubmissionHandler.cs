using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crible.Server.Analyses;
using Crible.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Crible.Server.Api;

/// <summary>Receives one file for any front door: size limits, concurrency gate, stalls and fields, then the
/// application service.</summary>
internal static class SubmissionHandler
{
    /// <summary>Receives the upload; on success returns the record, otherwise the error to answer.</summary>
    public static async Task<(AnalysisRecord? Record, IResult? Error)> ReceiveAsync(HttpContext context, Tenant tenant, bool acceptRawBody)
    {
        var services = context.RequestServices;
        var gate = services.GetRequiredService<UploadGate>();
        if (!gate.TryEnter())
        {
            context.Response.Headers.RetryAfter = "1";
            return (null, Results.Json(ApiResponses.Error("too_many_uploads", "Too many uploads at once; retry shortly."), statusCode: StatusCodes.Status429TooManyRequests));
        }

        try
        {
            var upload = await UploadReader.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            if (upload is null || (!acceptRawBody && context.Request.HasFormContentType is false))
            {
                return (null, RequestContext.BadRequest("Send the file as the multipart field 'file'" + (acceptRawBody ? " or as a raw body with Content-Type: application/octet-stream." : ".")));
            }

            var request = BuildRequest(context, upload, services.GetRequiredService<WebhookSender>(), out var problem);
            if (request is null)
            {
                return (null, RequestContext.BadRequest(problem!));
            }

            var service = services.GetRequiredService<AnalysisService>();
            var record = await service.SubmitAsync(tenant, upload.Content, request, RequestContext.Remote(context), context.RequestAborted).ConfigureAwait(false);
            return (record, null);
        }
        catch (UploadTooLargeException tooLarge)
        {
            return (null, Results.Json(ApiResponses.Error("too_large", tooLarge.Message), statusCode: StatusCodes.Status413PayloadTooLarge));
        }
        catch (BadHttpRequestException bad)
        {
            var code = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "too_large" : bad.StatusCode == StatusCodes.Status408RequestTimeout ? "upload_stalled" : "bad_request";
            return (null, Results.Json(ApiResponses.Error(code, bad.Message), statusCode: bad.StatusCode));
        }
        catch (InvalidDataException invalid)
        {
            return (null, RequestContext.BadRequest(invalid.Message));
        }
        finally
        {
            gate.Leave();
        }
    }

    /// <summary>The summary with the report inside, for answers that carry both.</summary>
    public static async Task<JsonObject> SummaryWithReportAsync(IAnalysisStore store, AnalysisRecord record, CancellationToken cancellation)
    {
        var body = JsonSerializer.SerializeToNode(ApiResponses.Summary(record))!.AsObject();
        if (await store.GetReportAsync(record.Id, cancellation).ConfigureAwait(false) is { } report)
        {
            body["report"] = JsonNode.Parse(report);
        }

        return body;
    }

    private static SubmitRequest? BuildRequest(HttpContext context, UploadReader.Upload upload, WebhookSender webhooks, out string? problem)
    {
        problem = null;
        var query = context.Request.Query;
        string? Field(string name) => query[name].FirstOrDefault() ?? (upload.Fields.TryGetValue(name, out var value) ? value : null) ?? context.Request.Headers["X-" + name].FirstOrDefault();

        var passwords = query["password"].Where(p => !string.IsNullOrEmpty(p)).Select(p => p!).ToList();
        if (Field("passwords") is { } list)
        {
            passwords.AddRange(list.Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var priority = 0;
        if (Field("priority") is { } priorityText && !int.TryParse(priorityText, NumberStyles.Integer, CultureInfo.InvariantCulture, out priority))
        {
            problem = "priority must be a whole number.";
            return null;
        }

        Uri? callback = null;
        if (Field("callback_url") is { Length: > 0 } callbackText)
        {
            if (!Uri.TryCreate(callbackText, UriKind.Absolute, out callback) || !webhooks.IsAllowed(callback))
            {
                problem = "callback_url must be an http(s) URL on a host the operator allowed (Server:Webhooks:AllowedHosts).";
                return null;
            }
        }

        var metadata = Field("metadata");
        if (metadata is not null)
        {
            try
            {
                using var parsed = JsonDocument.Parse(metadata);
            }
            catch (JsonException)
            {
                problem = "metadata must be JSON.";
                return null;
            }
        }

        var rescan = string.Equals(Field("rescan"), "true", StringComparison.OrdinalIgnoreCase);
        return new SubmitRequest(upload.Name, passwords.Take(32).ToList(), priority, callback, metadata, rescan);
    }
}
