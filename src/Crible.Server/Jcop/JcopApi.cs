using Crible.Model;
using Crible.Reporting;
using Crible.Server.Analyses;
using Crible.Server.Api;
using Crible.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crible.Server.Jcop;

/// <summary>
/// The JCOP-compatible API, so tools written for JCOP switch by changing a base URL. Error codes of unanalysable
/// results: 1 encrypted content, 2 a safety limit was hit, 3 part of the file could not be read, 4 the analysis failed.
/// </summary>
internal static class JcopApi
{
    public const int Encrypted = 1;
    public const int LimitHit = 2;
    public const int NotFullyRead = 3;
    public const int Failed = 4;

    public static void Map(IEndpointRouteBuilder app, JcopOptions options)
    {
        var jcop = app.MapGroup(options.Prefix.TrimEnd('/')).WithTags("JCOP-compatible");
        jcop.MapGet("/results/{sha256}", ResultAsync).WithSummary("JCOP: {done}, then {done, is_malware[, error_code, error]}");
        jcop.MapPost("/submit", (Delegate)SubmitAsync).DisableAntiforgery().WithSummary("JCOP: multipart field 'file'; answers {id: sha256}");
    }

    private static async Task<IResult> ResultAsync(HttpContext context, AnalysisService service, IAnalysisStore store, string sha256)
    {
        if (await RequestContext.TenantAsync(context).ConfigureAwait(false) is not { } tenant)
        {
            return Results.Json(new { error = "unauthorized" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var record = await service.LookupAsync(tenant, sha256.ToLowerInvariant(), RequestContext.Remote(context), context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return Results.Json(new { error = "not found" }, statusCode: StatusCodes.Status404NotFound);
        }

        if (!AnalysisService.IsFinished(record))
        {
            return Results.Json(new { done = false });
        }

        if (record.Status == AnalysisStatus.Failed)
        {
            return Results.Json(new { done = true, is_malware = false, error_code = Failed, error = record.Error ?? "analysis failed" });
        }

        var reportJson = await store.GetReportAsync(record.Id, context.RequestAborted).ConfigureAwait(false);
        if (reportJson is null)
        {
            return Results.Json(new { done = true, is_malware = false, error_code = Failed, error = "no report" });
        }

        var report = ReportJson.Deserialize(reportJson);
        return report.Verdict switch
        {
            Verdict.Malicious => Results.Json(new { done = true, is_malware = true, error = ThreatName.Of(report) }),
            Verdict.Clean => Results.Json(new { done = true, is_malware = false }),
            _ => Unanalysable(report),
        };
    }

    private static async Task<IResult> SubmitAsync(HttpContext context)
    {
        if (await RequestContext.TenantAsync(context).ConfigureAwait(false) is not { } tenant)
        {
            return Results.Json(new { error = "unauthorized" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var (record, error) = await SubmissionHandler.ReceiveAsync(context, tenant, acceptRawBody: false).ConfigureAwait(false);
        return record is null ? error! : Results.Json(new { id = record.Sha256 });
    }

    private static IResult Unanalysable(Report report)
    {
        var reasons = report.Nodes.SelectMany(n => n.Incomplete).ToList();
        var (code, text) = report.LimitsHit.Count > 0
            ? (LimitHit, $"a safety limit was hit: {report.LimitsHit[0].Limit} ({report.LimitsHit[0].Detail})")
            : reasons.FirstOrDefault(r => r.StartsWith("encrypted", StringComparison.Ordinal)) is { } encrypted
                ? (Encrypted, encrypted)
                : (NotFullyRead, reasons.FirstOrDefault() ?? "not fully analysed");
        return Results.Json(new { done = true, is_malware = false, error_code = code, error = text });
    }
}
