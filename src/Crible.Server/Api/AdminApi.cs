using Crible.Server.Analyses;
using Crible.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crible.Server.Api;

/// <summary>Operator endpoints under <c>/api/v1/admin</c>, for keys created with <c>crible keys add NAME --admin</c>.</summary>
internal static class AdminApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Administration");
        admin.MapPost("/reload", ReloadAsync).WithSummary("Compile the rules and hash lists again; a broken file keeps the previous set");
        admin.MapGet("/safelist", ListSafelistAsync).WithSummary("Hashes marked known-good or false positive");
        admin.MapPost("/safelist", AddSafelistAsync).WithSummary("Mark a hash known-good or a false positive: {\"sha256\", \"kind\": \"known-good|false-positive\", \"reason\"}");
        admin.MapDelete("/safelist/{sha256}", RemoveSafelistAsync).WithSummary("Remove a hash from the safelist");
        admin.MapGet("/audit", AuditAsync).WithSummary("The newest audit entries");
    }

    private static async Task<IResult> ReloadAsync(HttpContext context, EngineHolder engines, IAnalysisStore store, TimeProvider clock)
    {
        if (await AdminAsync(context).ConfigureAwait(false) is not { } admin)
        {
            return Forbidden();
        }

        var result = engines.Reload();
        await store.AuditAsync(new AuditEntry(clock.GetUtcNow(), admin.Id, "admin_reload", null, null, null, null, RequestContext.Remote(context), result.Applied ? result.RulesVersion : "refused"), context.RequestAborted).ConfigureAwait(false);
        return Results.Json(
            new { applied = result.Applied, rules_version = result.RulesVersion, problems = result.Problems },
            statusCode: result.Applied ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> ListSafelistAsync(HttpContext context, IAnalysisStore store)
    {
        if (await AdminAsync(context).ConfigureAwait(false) is null)
        {
            return Forbidden();
        }

        var entries = await store.GetSafelistAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.Json(entries.Select(e => new { sha256 = e.Sha256, kind = e.Kind, reason = e.Reason, created = e.Created }));
    }

    private static async Task<IResult> AddSafelistAsync(HttpContext context, IAnalysisStore store, TimeProvider clock, SafelistRequest body)
    {
        if (await AdminAsync(context).ConfigureAwait(false) is not { } admin)
        {
            return Forbidden();
        }

        var sha256 = body.Sha256?.ToLowerInvariant() ?? string.Empty;
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit) || body.Kind is not ("known-good" or "false-positive"))
        {
            return RequestContext.BadRequest("Give sha256 (64 hex characters) and kind 'known-good' or 'false-positive'.");
        }

        var reason = string.IsNullOrWhiteSpace(body.Reason) ? body.Kind : body.Reason.Trim();
        await store.AddSafelistAsync(new SafelistEntry(sha256, body.Kind, reason, admin.Id, clock.GetUtcNow()), context.RequestAborted).ConfigureAwait(false);
        await store.AuditAsync(new AuditEntry(clock.GetUtcNow(), admin.Id, "admin_safelist_add", null, sha256, null, null, RequestContext.Remote(context), $"{body.Kind}: {reason}"), context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new { sha256, kind = body.Kind, reason }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RemoveSafelistAsync(HttpContext context, IAnalysisStore store, TimeProvider clock, string sha256)
    {
        if (await AdminAsync(context).ConfigureAwait(false) is not { } admin)
        {
            return Forbidden();
        }

        var removed = await store.RemoveSafelistAsync(sha256.ToLowerInvariant(), context.RequestAborted).ConfigureAwait(false);
        await store.AuditAsync(new AuditEntry(clock.GetUtcNow(), admin.Id, "admin_safelist_remove", null, sha256, null, null, RequestContext.Remote(context), null), context.RequestAborted).ConfigureAwait(false);
        return removed ? Results.NoContent() : RequestContext.NotFound("That hash is not on the safelist.");
    }

    private static async Task<IResult> AuditAsync(HttpContext context, IAnalysisStore store, int? limit)
    {
        if (await AdminAsync(context).ConfigureAwait(false) is null)
        {
            return Forbidden();
        }

        var entries = await store.ReadAuditAsync(Math.Clamp(limit ?? 100, 1, 10_000), context.RequestAborted).ConfigureAwait(false);
        return Results.Json(entries.Select(e => new
        {
            time = e.Time,
            tenant_id = e.TenantId,
            action = e.Action,
            analysis_id = e.AnalysisId,
            sha256 = e.Sha256,
            name = e.Name,
            size = e.Size,
            remote = e.Remote,
            detail = e.Detail,
        }));
    }

    private static IResult Forbidden() =>
        Results.Json(ApiResponses.Error("forbidden", "An administrator key is required."), statusCode: StatusCodes.Status403Forbidden);

    private static async Task<Tenant?> AdminAsync(HttpContext context) =>
        await RequestContext.TenantAsync(context).ConfigureAwait(false) is { IsAdmin: true } tenant ? tenant : null;

    /// <summary>The body of a safelist addition.</summary>
    internal sealed record SafelistRequest(string? Sha256, string? Kind, string? Reason);
}
