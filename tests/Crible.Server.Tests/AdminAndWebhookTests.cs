using System.Net;
using System.Text;
using System.Text.Json;
using NSec.Cryptography;

namespace Crible.Server.Tests;

public sealed class AdminAndWebhookTests
{
    private static readonly byte[] Eicar = File.ReadAllBytes(TestPaths.Corpus("eicar", "eicar.com"));

    [Fact]
    public async Task A_safelisted_false_positive_comes_out_clean_and_the_change_is_audited()
    {
        await using var server = await ServerProcess.StartAsync();
        var admin = server.Client(await server.AddKeyAsync("operators", admin: true));
        var user = server.Client(await server.AddKeyAsync("users"));

        using var add = await admin.PostAsync(
            new Uri("/api/v1/admin/safelist", UriKind.Relative),
            JsonContent($$"""{"sha256":"{{Api.Sha256(Eicar)}}","kind":"false-positive","reason":"test file used by the help desk"}"""));
        var body = (await Api.PostFileAsync(user, "/api/v1/analyses?wait=30", Eicar, "eicar.com")).Body;
        using var forbidden = await user.PostAsync(new Uri("/api/v1/admin/reload", UriKind.Relative), null);
        var audit = (await Api.GetAsync(admin, "/api/v1/admin/audit")).Body;

        Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        Assert.Equal("clean", body.GetProperty("verdict").GetString());
        Assert.Contains(body.GetProperty("report").GetProperty("nodes")[0].GetProperty("findings").EnumerateArray(), f => f.GetProperty("scanner").GetString() == "safelist");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var actions = audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("admin_safelist_add", actions);
        Assert.Contains("submit", actions);
    }

    [Fact]
    public async Task A_broken_rule_file_keeps_the_previous_rules_on_reload()
    {
        var rules = Directory.CreateTempSubdirectory("crible-rules-").FullName;
        await File.WriteAllTextAsync(Path.Combine(rules, "good.yar"), "rule Operator_Marker { strings: $a = \"OPERATOR-MARKER-1234\" condition: $a }");
        await using var server = await ServerProcess.StartAsync(new() { ["CRIBLE__Signatures__YaraRules__0"] = rules });
        using var admin = server.Client(await server.AddKeyAsync("operators", admin: true));
        var before = (await Api.GetAsync(admin, "/health")).Body.GetProperty("rules_version").GetString();

        await File.WriteAllTextAsync(Path.Combine(rules, "broken.yar"), "rule Broken { condition: nonsense_identifier }");
        using var reload = await admin.PostAsync(new Uri("/api/v1/admin/reload", UriKind.Relative), null);
        var answer = await Api.BodyAsync(reload);
        var marked = (await Api.PostFileAsync(admin, "/api/v1/analyses?wait=30", Encoding.UTF8.GetBytes("xx OPERATOR-MARKER-1234 xx"), "m.txt")).Body;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reload.StatusCode);
        Assert.Contains("broken.yar", answer.GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, answer.GetProperty("rules_version").GetString());
        Assert.Equal("malicious", marked.GetProperty("verdict").GetString());
        Directory.Delete(rules, recursive: true);
    }

    [Fact]
    public async Task The_callback_receives_a_verdict_signed_with_the_published_key()
    {
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        await using var server = await ServerProcess.StartAsync(new() { ["CRIBLE__Server__Webhooks__AllowedHosts__0"] = "127.0.0.1" });
        using var client = server.Client(await server.AddKeyAsync("t"));

        var callback = $"http://127.0.0.1:{port}/hook";
        var (submit, _) = await Api.PostFileAsync(client, $"/api/v1/analyses?callback_url={Uri.EscapeDataString(callback)}", Eicar, "eicar.com");
        var refused = (await Api.PostFileAsync(client, $"/api/v1/analyses?callback_url={Uri.EscapeDataString("http://elsewhere.example/hook")}", Eicar, "eicar.com")).Response;
        var context = await listener.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
        var signature = context.Request.Headers["X-Crible-Signature"]!;
        context.Response.StatusCode = 204;
        context.Response.Close();
        var jwks = (await Api.GetAsync(client, "/.well-known/jwks.json")).Body.GetProperty("keys")[0];

        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("malicious", JsonDocument.Parse(body).RootElement.GetProperty("verdict").GetString());
        Assert.True(Verify(signature, Encoding.UTF8.GetBytes(body), jwks.GetProperty("x").GetString()!), "the signature does not verify");
    }

    private static bool Verify(string detachedJws, byte[] body, string publicKeyBase64Url)
    {
        var parts = detachedJws.Split('.');
        var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + Base64Url(body));
        var key = PublicKey.Import(SignatureAlgorithm.Ed25519, FromBase64Url(publicKeyBase64Url), KeyBlobFormat.RawPublicKey);
        return parts[1].Length == 0 && SignatureAlgorithm.Ed25519.Verify(key, signingInput, FromBase64Url(parts[2]));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
