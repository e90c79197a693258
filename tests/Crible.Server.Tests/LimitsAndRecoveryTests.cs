using System.Net;

namespace Crible.Server.Tests;

public sealed class LimitsAndRecoveryTests
{
    [Fact]
    public async Task An_upload_over_the_limit_gets_413_with_a_JSON_error_on_both_APIs()
    {
        await using var server = await ServerProcess.StartAsync(new() { ["CRIBLE__Server__MaxUploadBytes"] = "1000" });
        var key = await server.AddKeyAsync("t");
        using var client = server.Client(key);
        client.DefaultRequestHeaders.Add("X-Auth-Token", key);

        var (native, error) = await Api.PostFileAsync(client, "/api/v1/analyses", new byte[5000], "big.bin");
        var (jcop, _) = await Api.PostFileAsync(client, "/jcop/api/v1/submit", new byte[5000], "big.bin");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, native.StatusCode);
        Assert.Equal("too_large", error.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, jcop.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.PostFileAsync(client, "/api/v1/analyses?wait=30", new byte[500], "small.bin")).Response.StatusCode);
    }

    [Fact]
    public async Task Too_many_requests_for_one_key_get_429_with_Retry_After_while_another_key_is_served()
    {
        await using var server = await ServerProcess.StartAsync(new() { ["CRIBLE__Server__RequestsPerMinutePerTenant"] = "5" });
        var key = await server.AddKeyAsync("busy");
        var otherKey = await server.AddKeyAsync("quiet");
        using var client = server.Client(key);
        using var other = server.Client(otherKey);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 7; i++)
        {
            var response = (await Api.GetAsync(client, "/api/v1/analyses/none")).Response;
            statuses.Add(response.StatusCode);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : limited;
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.NotFound));
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(other, "/api/v1/analyses/none")).Response.StatusCode);
    }

    [Fact]
    public async Task A_server_killed_mid_analysis_finishes_the_job_after_a_restart()
    {
        // signature-base's ~6,000 rules over 48 MiB take seconds: long enough to kill the server mid-analysis.
        var environment = new Dictionary<string, string>
        {
            ["CRIBLE__Signatures__YaraRules__0"] = TestPaths.Rules("signature-base", "yara"),
            ["CRIBLE__Server__Workers"] = "1",
        };
        await using var server = await ServerProcess.StartAsync(environment);
        var key = await server.AddKeyAsync("t");
        using var client = server.Client(key);
        var content = new byte[48 * 1024 * 1024];
        new Random(5).NextBytes(content);

        var (submit, body) = await Api.PostFileAsync(client, "/api/v1/analyses", content, "large.bin");
        Assert.True(body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("id", out _), $"submission answered {(int)submit.StatusCode}: {body}");
        var id = body.GetProperty("id").GetString();
        var statusBeforeKill = (await Api.GetAsync(client, $"/api/v1/analyses/{id}")).Body.GetProperty("status").GetString();
        await server.KillAsync();
        await server.StartAsync();
        var (after, done) = await Api.GetAsync(client, $"/api/v1/analyses/{id}");
        for (var i = 0; i < 600 && done.GetProperty("status").GetString() != "done"; i++)
        {
            await Task.Delay(200);
            done = (await Api.GetAsync(client, $"/api/v1/analyses/{id}")).Body;
        }

        // Each failure says where it stopped and what the restarted server logged, to tell a slow machine from a lost job.
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        Assert.True(statusBeforeKill is "queued" or "running", $"status before the kill: {statusBeforeKill}");
        Assert.True(after.StatusCode == HttpStatusCode.OK, $"first status after the restart: {(int)after.StatusCode}; server log: {server.Log}");
        Assert.True(done.GetProperty("status").GetString() == "done", $"after the restart: {done}; server log: {server.Log}");
        Assert.Equal("clean", done.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_kept_sample_is_encrypted_on_disk()
    {
        await using var server = await ServerProcess.StartAsync(new() { ["CRIBLE__Server__SampleRetention"] = "01:00:00" });
        var key = await server.AddKeyAsync("t");
        using var client = server.Client(key);
        var eicar = await File.ReadAllBytesAsync(TestPaths.Corpus("eicar", "eicar.com"));

        await Api.PostFileAsync(client, "/api/v1/analyses?wait=30", eicar, "eicar.com");

        var sample = Assert.Single(Directory.GetFiles(Path.Combine(server.DataDirectory, "samples")));
        var stored = await File.ReadAllBytesAsync(sample);
        Assert.Equal(-1, stored.AsSpan().IndexOf(eicar.AsSpan(0, 20)));
    }

    [Fact]
    public async Task A_stalled_upload_is_cut_with_408()
    {
        await using var server = await ServerProcess.StartAsync(new() { ["CRIBLE__Server__UploadStallTimeout"] = "00:00:02" });
        var key = await server.AddKeyAsync("t");
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = socket.GetStream();
        var head = $"POST /jcop/api/v1/submit HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: {key}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.bin\"\r\n\r\nabc";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));

        using var reader = new StreamReader(stream);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 408", statusLine, StringComparison.Ordinal);
    }
}
