using Crible.Reporting;
using Crible.Server.Analyses;
using Crible.Server.Storage;
using Crible.Server.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crible.Server.Api;

/// <summary>The native API under <c>/api/v1</c>.</summary>
internal static class NativeApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Analyses");
        api.MapPost("/analyses", SubmitAsync).DisableAntiforgery()
            .WithSummary("Submit a file (multipart field 'file', or a raw body named by X-Filename); ?wait=SECONDS answers with the report when done in time");
        api.MapGet("/analyses/{id}", GetAsync).WithSummary("The status and verdict of an analysis");
        api.MapGet("/analyses/{id}/report", ReportAsync).WithSummary("The report (JSON; Accept: text/html gives the page for people)");
        api.MapDelete("/analyses/{id}", DeleteAsync).WithSummary("Delete an analysis, its report and its sample");
        api.MapGet("/files/{sha256}", LookupAsync).WithSummary("The latest analysis of this content by this tenant");
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, AnalysisService service, IAnalysisStore store, ServerOptions options, int? wait)
    {
        if (await RequestContext.TenantAsync(context).ConfigureAwait(false) is not { } tenant)
        {
            return RequestContext.Unauthorized();
        }

        var (record, error) = await SubmissionHandler.ReceiveAsync(context, tenant, acceptRawBody: true).ConfigureAwait(false);
        if (record is null)
        {
            return error!;
        }

        var seconds = Math.Clamp(wait ?? 0, 0, options.MaxWaitSeconds);
        if (seconds > 0 && !AnalysisService.IsFinished(record))
        {
            record = await service.WaitAsync(tenant, record.Id, TimeSpan.FromSeconds(seconds), context.RequestAborted).ConfigureAwait(false) ?? record;
        }

        if (AnalysisService.IsFinished(record))
        {
            return Results.Json(await SubmissionHandler.SummaryWithReportAsync(store, record, context.RequestAborted).ConfigureAwait(false));
        }

        return new LocationResult($"/api/v1/analyses/{record.Id}", Results.Json(ApiResponses.Summary(record), statusCode: StatusCodes.Status202Accepted));
    }

    private static async Task<IResult> GetAsync(HttpContext context, AnalysisService service, string id)
    {
        if (await RequestContext.TenantAsync(context).ConfigureAwait(false) is not { } tenant)
        {
            return RequestContext.Unauthorized();
        }

        var record = await service.GetAsync(tenant, id, RequestContext.Remote(context), context.RequestAborted).ConfigureAwait(false);
        return record is null ? RequestContext.NotFound($"No analysis {id} for this tenant.") : Results.Json(ApiResponses.Summary(record));
    }

    private static async Task<IResult> ReportAsync(HttpContext context, AnalysisService service, string id)
    {
        if (await RequestContext.TenantAsync(context).ConfigureAwait(false) is not { } tenant)
        {
            return RequestContext.Unauthorized();
        }

        var found = await service.GetReportAsync(tenant, id, RequestContext.Remote(context), context.RequestAborted).ConfigureAwait(false);
        if (found is not { } result)
        {
            return RequestContext.NotFound($"No analysis {id} for this tenant.");
        }

        if (result.Report is null)
        {
            var message = AnalysisService.IsFinished(result.Record) ? $"The analysis ended without a report: {result.Record.Error}" : "The analysis is not finished yet.";
            return Results.Json(ApiResponses.Error(AnalysisService.IsFinished(result.Record) ? "no_report" : "not_ready", message), statusCode: StatusCodes.Status404NotFound);
        }

        var wantsHtml = context.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
        return wantsHtml
            ? Results.Content(ReportPage.Render(result.Record, ReportJson.Deserialize(result.Report)), "text/html; charset=utf-8")
            : Results.Text(result.Report, "application/json; charset=utf-8");
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, AnalysisService service, string id)
    {
        if (await RequestContext.TenantAsync(context).ConfigureAwait(false) is not { } tenant)
        {
            return RequestContext.Unauthorized();
        }

        return await service.DeleteAsync(tenant, id, RequestContext.Remote(context), context.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : RequestContext.NotFound($"No analysis {id} for this tenant.");
    }

    private static async Task<IResult> LookupAsync(HttpContext context, AnalysisService service, string sha256)
    {
        if (await RequestContext.TenantAsync(context).ConfigureAwait(false) is not { } tenant)
        {
            return RequestContext.Unauthorized();
        }

        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            return RequestContext.BadRequest("sha256 must be 64 hexadecimal characters.");
        }

        var record = await service.LookupAsync(tenant, sha256, RequestContext.Remote(context), context.RequestAborted).ConfigureAwait(false);
        return record is null ? RequestContext.NotFound("This content was never submitted by this tenant.") : Results.Json(ApiResponses.Summary(record));
    }

    /// <summary>A result with a Location header.</summary>
    private sealed class LocationResult(string location, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
