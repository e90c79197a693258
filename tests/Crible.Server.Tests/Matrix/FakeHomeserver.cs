using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Crible.Server.Tests.Matrix;

/// <summary>A tiny homeserver on 127.0.0.1 that serves the media a test put in it, on the media download and
/// thumbnail routes; it remembers the paths it was asked for.</summary>
public sealed class FakeHomeserver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _media = new(StringComparer.Ordinal);
    private readonly WebApplication _app;

    private FakeHomeserver(int port)
    {
        Address = new Uri($"http://127.0.0.1:{port}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Address.ToString());
        _app = builder.Build();
        _app.MapGet("/_matrix/media/v3/{kind}/{server}/{id}", (string kind, string server, string id, HttpContext context) =>
        {
            Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            return _media.TryGetValue($"{server}/{id}", out var content)
                ? Results.Bytes(content, "application/octet-stream", fileDownloadName: id + ".bin")
                : Results.Json(new { errcode = "M_NOT_FOUND", error = "Not found" }, statusCode: 404);
        });
    }

    public Uri Address { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeHomeserver> StartAsync()
    {
        var server = new FakeHomeserver(ServerProcess.FreePort());
        await server._app.StartAsync();
        return server;
    }

    public void Put(string server, string mediaId, byte[] content) => _media[$"{server}/{mediaId}"] = content;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
