using System.Net;
using System.Text;

namespace Crible.Server.Tests;

public sealed class NativeApiTests : IAsyncLifetime
{
    private static readonly byte[] Eicar = File.ReadAllBytes(TestPaths.Corpus("eicar", "eicar.com"));
    private ServerProcess _server = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        _key = await _server.AddKeyAsync("ministry");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task EICAR_submitted_with_wait_comes_back_malicious_with_its_report()
    {
        using var client = _server.Client(_key);
        var (response, body) = await Api.PostFileAsync(client, "/api/v1/analyses?wait=30", await File.ReadAllBytesAsync(TestPaths.Corpus("eicar", "eicar_com.zip")), "parcel.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("malicious", body.GetProperty("verdict").GetString());
        Assert.Equal("parcel.zip/eicar.com", body.GetProperty("report").GetProperty("nodes")[1].GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_clean_raw_body_upload_is_clean_and_can_be_looked_up_by_hash()
    {
        using var client = _server.Client(_key);
        var content = Encoding.UTF8.GetBytes("Minutes of the council meeting.\n");
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        body.Headers.Add("X-Filename", "minutes.txt");
        using var response = await client.PostAsync(new Uri("/api/v1/analyses?wait=30", UriKind.Relative), body);
        var json = await Api.BodyAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("clean", json.GetProperty("verdict").GetString());
        Assert.Equal("minutes.txt", json.GetProperty("name").GetString());
        var (lookup, found) = await Api.GetAsync(client, $"/api/v1/files/{Api.Sha256(content)}");
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Equal(json.GetProperty("id").GetString(), found.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Without_wait_the_answer_is_202_with_a_status_url_that_ends_done()
    {
        using var client = _server.Client(_key);
        var (response, body) = await Api.PostFileAsync(client, "/api/v1/analyses", Eicar, "eicar.com");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var statusUrl = body.GetProperty("status_url").GetString()!;
        Assert.Equal(statusUrl, response.Headers.Location!.ToString());
        string? status = null;
        for (var i = 0; i < 100 && status != "done"; i++)
        {
            await Task.Delay(100);
            status = (await Api.GetAsync(client, statusUrl)).Body.GetProperty("status").GetString();
        }

        Assert.Equal("done", status);
        var (report, json) = await Api.GetAsync(client, statusUrl + "/report");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("malicious", json.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_known_file_is_answered_from_the_cache_unless_a_rescan_is_asked()
    {
        using var client = _server.Client(_key);
        var content = Encoding.UTF8.GetBytes("cache me " + Guid.NewGuid());
        var first = (await Api.PostFileAsync(client, "/api/v1/analyses?wait=30", content, "a.txt")).Body;
        var second = (await Api.PostFileAsync(client, "/api/v1/analyses?wait=30", content, "b.txt")).Body;
        var third = (await Api.PostFileAsync(client, "/api/v1/analyses?wait=30&rescan=true", content, "c.txt")).Body;

        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.True(second.GetProperty("cached").GetBoolean());
        Assert.Equal("b.txt", second.GetProperty("report").GetProperty("file").GetProperty("name").GetString());
        Assert.False(third.GetProperty("cached").GetBoolean());
    }

    [Fact]
    public async Task The_report_page_for_people_says_the_verdict()
    {
        using var client = _server.Client(_key);
        var id = (await Api.PostFileAsync(client, "/api/v1/analyses?wait=30", Eicar, "eicar.com")).Body.GetProperty("id").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/analyses/{id}/report");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Verdict: <strong>Malicious</strong>", html, StringComparison.Ordinal);
        Assert.Contains("Crible_EICAR_Test_File", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_or_wrong_keys_get_401_and_unknown_ids_404()
    {
        using var anonymous = _server.Client();
        using var wrong = _server.Client("crb_not-a-key");
        using var client = _server.Client(_key);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.PostFileAsync(anonymous, "/api/v1/analyses", Eicar, "e")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.GetAsync(wrong, "/api/v1/analyses/x")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(client, "/api/v1/analyses/0123")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(client, $"/api/v1/files/{new string('a', 64)}")).Response.StatusCode);
    }

    [Fact]
    public async Task A_tenant_cannot_see_another_tenants_analyses()
    {
        var otherKey = await _server.AddKeyAsync("other-ministry");
        using var client = _server.Client(_key);
        using var other = _server.Client(otherKey);
        var content = Encoding.UTF8.GetBytes("private memo " + Guid.NewGuid());
        var id = (await Api.PostFileAsync(client, "/api/v1/analyses?wait=30", content, "memo.txt")).Body.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(other, $"/api/v1/analyses/{id}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(other, $"/api/v1/analyses/{id}/report")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(other, $"/api/v1/files/{Api.Sha256(content)}")).Response.StatusCode);
        using var delete = await other.DeleteAsync(new Uri($"/api/v1/analyses/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(client, $"/api/v1/analyses/{id}")).Response.StatusCode);
    }

    [Fact]
    public async Task Deleting_an_analysis_removes_it()
    {
        using var client = _server.Client(_key);
        var id = (await Api.PostFileAsync(client, "/api/v1/analyses?wait=30", Encoding.UTF8.GetBytes("bye " + Guid.NewGuid()), "bye.txt")).Body.GetProperty("id").GetString();

        using var delete = await client.DeleteAsync(new Uri($"/api/v1/analyses/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(client, $"/api/v1/analyses/{id}")).Response.StatusCode);
    }

    [Fact]
    public async Task Samples_are_encrypted_at_rest_and_deleted_after_the_analysis()
    {
        using var client = _server.Client(_key);
        await Api.PostFileAsync(client, "/api/v1/analyses?wait=30", Eicar, "eicar.com");

        var samples = Directory.GetFiles(Path.Combine(_server.DataDirectory, "samples"));
        Assert.Empty(samples);
        var database = await File.ReadAllBytesAsync(Path.Combine(_server.DataDirectory, "crible.db"));
        Assert.Equal(-1, database.AsSpan().IndexOf(Eicar.AsSpan(0, 40)));
    }

    [Fact]
    public async Task Health_metrics_openapi_and_jwks_answer()
    {
        using var client = _server.Client();
        Assert.Equal("ok", (await Api.GetAsync(client, "/health")).Body.GetProperty("status").GetString());
        Assert.Contains("crible_analyses_total", await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("/api/v1/analyses", await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal("Ed25519", (await Api.GetAsync(client, "/.well-known/jwks.json")).Body.GetProperty("keys")[0].GetProperty("crv").GetString());
    }
}
