using Crible.Server.Security;
using Crible.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Crible.Server.Api;

/// <summary>What every handler needs first: who is asking, and from where.</summary>
internal static class RequestContext
{
    public static async Task<Tenant?> TenantAsync(HttpContext context) =>
        await context.RequestServices.GetRequiredService<TenantAuthenticator>().AuthenticateAsync(context).ConfigureAwait(false);

    public static string? Remote(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    public static IResult Unauthorized() => Results.Json(ApiResponses.Error("unauthorized", "A valid API key is required (Authorization: Bearer KEY, X-Api-Key or X-Auth-Token)."), statusCode: StatusCodes.Status401Unauthorized);

    public static IResult NotFound(string what) => Results.Json(ApiResponses.Error("not_found", what), statusCode: StatusCodes.Status404NotFound);

    public static IResult BadRequest(string message) => Results.Json(ApiResponses.Error("bad_request", message), statusCode: StatusCodes.Status400BadRequest);
}
