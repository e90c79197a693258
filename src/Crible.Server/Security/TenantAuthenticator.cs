using System.Collections.Concurrent;
using Crible.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace Crible.Server.Security;

/// <summary>Finds the tenant of a request from its API key: <c>Authorization: Bearer KEY</c>, <c>X-Api-Key</c> or
/// JCOP's <c>X-Auth-Token</c>. Known keys are remembered for a minute to spare the database.</summary>
public sealed class TenantAuthenticator(IAnalysisStore store, TimeProvider clock)
{
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (Tenant Tenant, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    /// <summary>The key a request carries, or null.</summary>
    public static string? KeyOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization[7..].Trim();
        }

        var key = request.Headers["X-Api-Key"].ToString();
        if (key.Length == 0)
        {
            key = request.Headers["X-Auth-Token"].ToString();
        }

        return key.Length == 0 ? null : key.Trim();
    }

    public async Task<Tenant?> AuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = KeyOf(context.Request);
        if (key is null)
        {
            return null;
        }

        var hash = ApiKeys.Hash(key);
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(hash, out var known) && known.Until > now)
        {
            return known.Tenant;
        }

        var tenant = await store.FindTenantByKeyHashAsync(hash, context.RequestAborted).ConfigureAwait(false);
        if (tenant is not null)
        {
            _known[hash] = (tenant, now + Remember);
        }

        return tenant;
    }
}
