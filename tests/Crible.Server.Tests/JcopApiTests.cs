using System.Net;
using System.Text;

namespace Crible.Server.Tests;

public sealed class JcopApiTests : IAsyncLifetime
{
    private ServerProcess _server = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        _key = await _server.AddKeyAsync("platform");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task EICAR_submitted_then_polled_is_malware_with_a_threat_name()
    {
        using var client = JcopClient(_key);
        var eicar = await File.ReadAllBytesAsync(TestPaths.Corpus("eicar", "eicarcom2.zip"));

        var (submit, id) = await Api.PostFileAsync(client, "/jcop/api/v1/submit", eicar, "eicarcom2.zip");
        var result = await PollAsync(client, id.GetProperty("id").GetString()!);

        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        Assert.Equal(Api.Sha256(eicar), id.GetProperty("id").GetString());
        Assert.True(result.GetProperty("is_malware").GetBoolean());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task A_clean_file_is_not_malware()
    {
        using var client = JcopClient(_key);
        var content = Encoding.UTF8.GetBytes("plain report " + Guid.NewGuid());

        await Api.PostFileAsync(client, "/jcop/api/v1/submit", content, "report.txt");
        var result = await PollAsync(client, Api.Sha256(content));

        Assert.False(result.GetProperty("is_malware").GetBoolean());
        Assert.False(result.TryGetProperty("error_code", out _));
    }

    [Fact]
    public async Task An_encrypted_archive_without_password_is_not_malware_with_error_code_1()
    {
        using var client = JcopClient(_key);
        var content = await File.ReadAllBytesAsync(TestPaths.Corpus("strelka-fixtures", "test_mixedcrypto.zip"));

        await Api.PostFileAsync(client, "/jcop/api/v1/submit", content, "mixed.zip");
        var result = await PollAsync(client, Api.Sha256(content));

        Assert.False(result.GetProperty("is_malware").GetBoolean());
        Assert.Equal(1, result.GetProperty("error_code").GetInt32());
        Assert.Contains("encrypted", result.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_hashes_are_404_and_bad_tokens_401()
    {
        using var client = JcopClient(_key);
        using var wrong = JcopClient("nope");

        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(client, $"/jcop/api/v1/results/{new string('0', 64)}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.GetAsync(wrong, $"/jcop/api/v1/results/{new string('0', 64)}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.PostFileAsync(wrong, "/jcop/api/v1/submit", [1, 2, 3], "x")).Response.StatusCode);
    }

    [Fact]
    public async Task Another_tenant_gets_404_for_a_hash_it_never_submitted()
    {
        using var client = JcopClient(_key);
        using var other = JcopClient(await _server.AddKeyAsync("other-platform"));
        var content = Encoding.UTF8.GetBytes("theirs " + Guid.NewGuid());
        await Api.PostFileAsync(client, "/jcop/api/v1/submit", content, "theirs.txt");
        await PollAsync(client, Api.Sha256(content));

        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(other, $"/jcop/api/v1/results/{Api.Sha256(content)}")).Response.StatusCode);
    }

    private HttpClient JcopClient(string key)
    {
        var client = _server.Client();
        client.DefaultRequestHeaders.Add("X-Auth-Token", key);
        return client;
    }

    private static async Task<System.Text.Json.JsonElement> PollAsync(HttpClient client, string sha256)
    {
        for (var i = 0; i < 300; i++)
        {
            var (response, body) = await Api.GetAsync(client, $"/jcop/api/v1/results/{sha256}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (body.GetProperty("done").GetBoolean())
            {
                return body;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The analysis did not finish in 30 s.");
    }
}
