using System.Threading.RateLimiting;
using Crible.Configuration;
using Crible.Server.Analyses;
using Crible.Server.Api;
using Crible.Server.Clamd;
using Crible.Server.Doors;
using Crible.Server.Icap;
using Crible.Server.Jcop;
using Crible.Server.Matrix;
using Crible.Server.Security;
using Crible.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Scalar.AspNetCore;

namespace Crible.Server;

/// <summary>Builds the service: one ASP.NET Core host, the application service, its workers and the front doors.</summary>
public static class CribleServer
{
    public static WebApplication Build(CribleOptions analysis, ServerOptions server, string[] hostArguments)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(server);
        var data = Path.GetFullPath(server.DataDirectory);
        Directory.CreateDirectory(data);
        analysis.TempDirectory ??= Path.Combine(data, "tmp");

        var builder = WebApplication.CreateSlimBuilder(hostArguments);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Room for the multipart envelope around the largest file; the exact limit is checked while streaming.
            kestrel.Limits.MaxRequestBodySize = server.MaxUploadBytes + (1024 * 1024);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: server.UploadStallTimeout);
        });

        var services = builder.Services;
        services.AddSingleton(analysis);
        services.AddSingleton(server);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IAnalysisStore>(_ => new SqliteAnalysisStore(Path.Combine(data, "crible.db")));
        services.AddSingleton(_ => new SampleVault(Path.Combine(data, "samples"), SampleVault.LoadOrCreateKey(Path.Combine(data, "keys", "sample.key"), server.SampleKey)));
        services.AddSingleton(_ => new WebhookSigner(Path.Combine(data, "keys", "webhook-ed25519.key")));
        services.AddSingleton<EngineHolder>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<CompletionNotifier>();
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<AnalysisService>();
        services.AddSingleton<TenantAuthenticator>();
        services.AddSingleton<UploadGate>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookSender>());
        services.AddHostedService<AnalysisWorker>();
        services.AddHostedService<PurgeService>();
        services.AddHttpClient("webhooks", client => client.Timeout = TimeSpan.FromSeconds(10));
        AddDoors(services, server);
        services.AddOpenApi();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var key = TenantAuthenticator.KeyOf(context.Request);
                var partition = key is null ? "ip:" + context.Connection.RemoteIpAddress : "key:" + ApiKeys.Hash(key);
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = server.RequestsPerMinutePerTenant,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancellation) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await rejected.HttpContext.Response.WriteAsJsonAsync(ApiResponses.Error("rate_limited", $"Too many requests for this key; retry in {retryAfter} s."), cancellation).ConfigureAwait(false);
            };
        });

        var app = builder.Build();
        app.Services.GetRequiredService<IAnalysisStore>().InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        app.UseRateLimiter();
        app.UseHttpMetrics();
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapMetrics("/metrics");
        app.MapGet("/health", HealthAsync).WithTags("Service");
        app.MapGet("/.well-known/jwks.json", (WebhookSigner signer) => Results.Text(signer.JwksJson(), "application/json")).WithTags("Service");
        NativeApi.Map(app);
        AdminApi.Map(app);
        if (server.Jcop.Enabled)
        {
            JcopApi.Map(app, server.Jcop);
        }

        if (server.Matrix.Homeserver is not null)
        {
            // The key pair exists from the first start, before any client asks for the public key.
            app.Services.GetRequiredService<OlmPkDecryption>();
            MatrixApi.Map(app);
        }

        return app;
    }

    /// <summary>The protocol doors that are configured, each a hosted listener over the same application service.</summary>
    private static void AddDoors(IServiceCollection services, ServerOptions server)
    {
        services.AddSingleton<DoorScanService>();
        services.AddSingleton(server.Clamd);
        services.AddSingleton(server.Icap);
        services.AddSingleton(server.Matrix);
        services.AddSingleton<MatrixMediaScanner>();
        services.AddSingleton(_ => OlmPkDecryption.LoadOrCreate(server.Matrix.PrivateKeyFile ?? Path.Combine(Path.GetFullPath(server.DataDirectory), "keys", "matrix-curve25519.key")));
        services.AddHttpClient(MatrixMediaScanner.HttpClientName, client => client.Timeout = server.Matrix.HomeserverTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false });
        services.AddSingleton<ClamdCommands>();
        foreach (var address in new[] { server.Clamd.Listen, server.Clamd.UnixSocket is { Length: > 0 } path ? "unix:" + path : null })
        {
            if (!string.IsNullOrWhiteSpace(address))
            {
                DoorEndpoint.Parse(address);
                services.AddSingleton<IHostedService>(p => ActivatorUtilities.CreateInstance<ClamdDoor>(p, address));
            }
        }

        if (!string.IsNullOrWhiteSpace(server.Icap.Listen))
        {
            DoorEndpoint.Parse(server.Icap.Listen);
            services.AddSingleton<IcapResponder>();
            services.AddSingleton<IHostedService>(p => ActivatorUtilities.CreateInstance<IcapDoor>(p, server.Icap.Listen));
        }
    }

    private static async Task<IResult> HealthAsync(IAnalysisStore store, EngineHolder engines, ServerMetrics metrics, ServerOptions options, CancellationToken cancellation)
    {
        var depth = await store.QueueDepthAsync(cancellation).ConfigureAwait(false);
        metrics.QueueDepth(depth);
        return Results.Json(new
        {
            status = "ok",
            queue_depth = depth,
            workers = options.Workers,
            rules_version = engines.Current.RulesVersion,
            rules_problems = engines.LastReloadProblems,
        });
    }
}
