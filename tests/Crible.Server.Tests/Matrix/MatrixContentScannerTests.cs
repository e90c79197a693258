using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Crible.Server.Tests.Matrix;

/// <summary>The fake homeserver and a server pointed at it, shared by the tests of the class.</summary>
public sealed class MatrixServers : IAsyncLifetime
{
    private FakeHomeserver? _homeserver;
    private ServerProcess? _server;

    public FakeHomeserver Homeserver => _homeserver!;

    public ServerProcess Server => _server!;

    public async Task InitializeAsync()
    {
        _homeserver = await FakeHomeserver.StartAsync();
        _homeserver.Put("example.org", "eicar", Encoding.ASCII.GetBytes(MatrixContentScannerTests.Eicar));
        _homeserver.Put("example.org", "clean", "A holiday photo caption.\n"u8.ToArray());
        _server = await ServerProcess.StartAsync(new() { ["CRIBLE__Server__Matrix__Homeserver"] = _homeserver.Address.ToString() });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_homeserver is not null)
        {
            await _homeserver.DisposeAsync();
        }
    }
}

public sealed class MatrixContentScannerTests(MatrixServers servers) : IClassFixture<MatrixServers>
{
    public const string Eicar = @"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    private const string Prefix = "/_matrix/media_proxy/unstable";

    private FakeHomeserver Homeserver => servers.Homeserver;

    private HttpClient Client => servers.Server.Client();

    [Fact]
    public async Task Scan_says_clean_or_not_as_the_content_scanner_api_does()
    {
        using var client = Client;
        var (clean, cleanBody) = await Api.GetAsync(client, $"{Prefix}/scan/example.org/clean");
        var (dirty, dirtyBody) = await Api.GetAsync(client, $"{Prefix}/scan/example.org/eicar");

        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
        Assert.True(cleanBody.GetProperty("clean").GetBoolean());
        Assert.Equal("File is clean", cleanBody.GetProperty("info").GetString());
        Assert.Equal(HttpStatusCode.OK, dirty.StatusCode);
        Assert.False(dirtyBody.GetProperty("clean").GetBoolean());
        Assert.Equal("***VIRUS DETECTED***", dirtyBody.GetProperty("info").GetString());
        Assert.Contains("/_matrix/media/v3/download/example.org/eicar", Homeserver.Requests);
    }

    [Fact]
    public async Task Download_gives_clean_media_and_refuses_malicious_media_with_mcs_media_not_clean()
    {
        using var client = Client;
        using var clean = await client.GetAsync(new Uri($"{Prefix}/download/example.org/clean", UriKind.Relative));
        var (dirty, dirtyBody) = await Api.GetAsync(client, $"{Prefix}/download/example.org/eicar");

        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
        Assert.Equal("A holiday photo caption.\n", await clean.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, dirty.StatusCode);
        Assert.Equal("MCS_MEDIA_NOT_CLEAN", dirtyBody.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Thumbnail_is_fetched_with_its_parameters_and_scanned()
    {
        using var client = Client;
        var (response, body) = await Api.GetAsync(client, $"{Prefix}/thumbnail/example.org/eicar?width=32&height=32&method=scale");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MCS_MEDIA_NOT_CLEAN", body.GetProperty("reason").GetString());
        Assert.Contains("/_matrix/media/v3/thumbnail/example.org/eicar?width=32&height=32&method=scale", Homeserver.Requests);
    }

    [Fact]
    public async Task Unknown_media_is_m_not_found_and_a_malformed_media_id_is_not_clean()
    {
        using var client = Client;
        var (missing, missingBody) = await Api.GetAsync(client, $"{Prefix}/scan/example.org/nothing");
        var (malformed, malformedBody) = await Api.GetAsync(client, $"{Prefix}/scan/example.org/bad%2E%2E");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("M_NOT_FOUND", missingBody.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, malformed.StatusCode);
        Assert.False(malformedBody.GetProperty("clean").GetBoolean());
        Assert.Equal("Malformed media ID", malformedBody.GetProperty("info").GetString());
    }

    [Fact]
    public async Task Scan_encrypted_decrypts_aes_ctr_and_finds_eicar()
    {
        var (ciphertext, file) = Encrypt(Encoding.ASCII.GetBytes(Eicar), "mxc://example.org/secret");
        Homeserver.Put("example.org", "secret", ciphertext);
        using var client = Client;

        var (response, body) = await PostJsonAsync(client, $"{Prefix}/scan_encrypted", new { file });
        var (download, downloadBody) = await PostJsonAsync(client, $"{Prefix}/download_encrypted", new { file });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("clean").GetBoolean());
        Assert.Contains(body.GetProperty("crible").GetProperty("threats").EnumerateArray(), t => t.GetString()!.Contains("EICAR", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.Forbidden, download.StatusCode);
        Assert.Equal("MCS_MEDIA_NOT_CLEAN", downloadBody.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Download_encrypted_of_a_clean_attachment_returns_the_ciphertext()
    {
        var (ciphertext, file) = Encrypt("Encrypted but harmless.\n"u8.ToArray(), "mxc://example.org/harmless");
        Homeserver.Put("example.org", "harmless", ciphertext);
        using var client = Client;
        using var response = await client.PostAsync(new Uri($"{Prefix}/download_encrypted", UriKind.Relative), JsonContent(new { file }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ciphertext, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_ciphertext_that_does_not_match_its_sha256_fails_to_decrypt()
    {
        var (ciphertext, file) = Encrypt("some content\n"u8.ToArray(), "mxc://example.org/tampered");
        ciphertext[0] ^= 1;
        Homeserver.Put("example.org", "tampered", ciphertext);
        using var client = Client;

        var (response, body) = await PostJsonAsync(client, $"{Prefix}/scan_encrypted", new { file });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MCS_MEDIA_FAILED_TO_DECRYPT", body.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Malformed_json_is_mcs_malformed_json()
    {
        using var client = Client;
        using var content = new StringContent("{ not json", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri($"{Prefix}/scan_encrypted", UriKind.Relative), content);
        var body = await Api.BodyAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MCS_MALFORMED_JSON", body.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Public_key_is_a_curve25519_key_in_unpadded_base64()
    {
        using var client = Client;
        var (response, body) = await Api.GetAsync(client, $"{Prefix}/public_key");
        var key = body.GetProperty("public_key").GetString()!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("=", key, StringComparison.Ordinal);
        Assert.Equal(32, OlmPkEncryptor.Decode(key).Length);
    }

    [Fact]
    public async Task An_encrypted_body_for_the_served_key_is_opened_and_its_file_scanned()
    {
        var (cleanCiphertext, cleanFile) = Encrypt("Sealed and harmless.\n"u8.ToArray(), "mxc://example.org/sealed-clean");
        var (eicarCiphertext, eicarFile) = Encrypt(Encoding.ASCII.GetBytes(Eicar), "mxc://example.org/sealed-eicar");
        Homeserver.Put("example.org", "sealed-clean", cleanCiphertext);
        Homeserver.Put("example.org", "sealed-eicar", eicarCiphertext);
        using var client = Client;
        var publicKey = await PublicKeyAsync(client);

        var (clean, cleanBody) = await PostJsonAsync(client, $"{Prefix}/scan_encrypted", Sealed(publicKey, new { file = cleanFile }));
        var (dirty, dirtyBody) = await PostJsonAsync(client, $"{Prefix}/scan_encrypted", Sealed(publicKey, new { file = eicarFile }));
        var (download, downloadBody) = await PostJsonAsync(client, $"{Prefix}/download_encrypted", Sealed(publicKey, new { file = eicarFile }));

        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
        Assert.True(cleanBody.GetProperty("clean").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, dirty.StatusCode);
        Assert.False(dirtyBody.GetProperty("clean").GetBoolean());
        Assert.Equal("***VIRUS DETECTED***", dirtyBody.GetProperty("info").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, download.StatusCode);
        Assert.Equal("MCS_MEDIA_NOT_CLEAN", downloadBody.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_encrypted_body_with_a_changed_mac_is_mcs_bad_decryption()
    {
        var (ciphertext, file) = Encrypt("content\n"u8.ToArray(), "mxc://example.org/sealed-mac");
        Homeserver.Put("example.org", "sealed-mac", ciphertext);
        using var client = Client;
        var message = OlmPkEncryptor.Encrypt(await PublicKeyAsync(client), JsonSerializer.SerializeToUtf8Bytes(new { file }));
        var mac = OlmPkEncryptor.Decode(message.Mac);
        mac[0] ^= 0x80;

        var (response, body) = await PostJsonAsync(client, $"{Prefix}/scan_encrypted", new { encrypted_body = new { ciphertext = message.Ciphertext, mac = OlmPkEncryptor.Encode(mac), ephemeral = message.Ephemeral } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MCS_BAD_DECRYPTION", body.GetProperty("reason").GetString());
        Assert.DoesNotContain("/_matrix/media/v3/download/example.org/sealed-mac", Homeserver.Requests);
    }

    [Fact]
    public async Task An_encrypted_body_missing_a_part_or_not_holding_json_is_mcs_malformed_json()
    {
        using var client = Client;
        var publicKey = await PublicKeyAsync(client);
        var notJson = OlmPkEncryptor.Encrypt(publicKey, "file=mxc://example.org/clean"u8.ToArray());

        var (missing, missingBody) = await PostJsonAsync(client, $"{Prefix}/scan_encrypted", new { encrypted_body = new { ciphertext = notJson.Ciphertext, ephemeral = notJson.Ephemeral } });
        var (garbled, garbledBody) = await PostJsonAsync(client, $"{Prefix}/scan_encrypted", new { encrypted_body = new { ciphertext = notJson.Ciphertext, mac = notJson.Mac, ephemeral = notJson.Ephemeral } });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("MCS_MALFORMED_JSON", missingBody.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, garbled.StatusCode);
        Assert.Equal("MCS_MALFORMED_JSON", garbledBody.GetProperty("reason").GetString());
        Assert.Contains("not JSON", garbledBody.GetProperty("info").GetString(), StringComparison.Ordinal);
    }

    private static async Task<string> PublicKeyAsync(HttpClient client) =>
        (await Api.GetAsync(client, $"{Prefix}/public_key")).Body.GetProperty("public_key").GetString()!;

    /// <summary>The request body as a client sends it when it encrypts it for the scanner.</summary>
    private static object Sealed(string publicKey, object body)
    {
        var (ciphertext, mac, ephemeral) = OlmPkEncryptor.Encrypt(publicKey, JsonSerializer.SerializeToUtf8Bytes(body));
        return new { encrypted_body = new { ciphertext, mac, ephemeral } };
    }

    /// <summary>Encrypts as a Matrix client does: AES-256-CTR, counter block with its low 64 bits at zero,
    /// unpadded base64, key as a JWK.</summary>
    private static (byte[] Ciphertext, object File) Encrypt(byte[] plain, string url)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = new byte[16];
        RandomNumberGenerator.Fill(iv.AsSpan(0, 8));
        using var aes = Aes.Create();
        aes.Key = key;
        var counter = (byte[])iv.Clone();
        var cipher = new byte[plain.Length];
        var block = new byte[16];
        for (var at = 0; at < plain.Length; at += 16)
        {
            aes.EncryptEcb(counter, block, PaddingMode.None);
            for (var i = 0; i < Math.Min(16, plain.Length - at); i++)
            {
                cipher[at + i] = (byte)(plain[at + i] ^ block[i]);
            }

            for (var i = 15; i >= 0 && ++counter[i] == 0; i--)
            {
            }
        }

        var file = new
        {
            v = "v2",
            key = new { alg = "A256CTR", ext = true, k = Convert.ToBase64String(key).TrimEnd('=').Replace('+', '-').Replace('/', '_'), key_ops = new[] { "encrypt", "decrypt" }, kty = "oct" },
            iv = Convert.ToBase64String(iv).TrimEnd('='),
            hashes = new { sha256 = Convert.ToBase64String(SHA256.HashData(cipher)).TrimEnd('=') },
            url,
        };
        return (cipher, file);
    }

    private static StringContent JsonContent(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> PostJsonAsync(HttpClient client, string url, object value)
    {
        using var content = JsonContent(value);
        var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
        return (response, await Api.BodyAsync(response));
    }
}
