using System.Net;
using System.Text;

namespace Crible.Server.Tests.Matrix;

/// <summary>The Curve25519 key pair behind <c>public_key</c> and <c>encrypted_body</c>, with real server processes.</summary>
public sealed class MatrixKeyPairTests
{
    private const string Prefix = "/_matrix/media_proxy/unstable";

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_public_key_is_made_on_first_start_and_stays_the_same_after_a_restart()
    {
        await using var homeserver = await FakeHomeserver.StartAsync();
        await using var server = await ServerProcess.StartAsync(new() { ["CRIBLE__Server__Matrix__Homeserver"] = homeserver.Address.ToString() });
        var keyFile = Path.Combine(server.DataDirectory, "keys", "matrix-curve25519.key");
        var modeAtStart = File.GetUnixFileMode(keyFile);
        var before = await PublicKeyAsync(server);

        await server.KillAsync();
        await server.StartAsync();
        var after = await PublicKeyAsync(server);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, modeAtStart);
        Assert.Equal(32, OlmPkEncryptor.Decode(before).Length);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_configured_key_file_wins_and_opens_a_body_libolm_encrypted()
    {
        await using var homeserver = await FakeHomeserver.StartAsync();
        var keyFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(OlmPkDecryptionTests.AlicePrivate));
            await using var server = await ServerProcess.StartAsync(new()
            {
                ["CRIBLE__Server__Matrix__Homeserver"] = homeserver.Address.ToString(),
                ["CRIBLE__Server__Matrix__PrivateKeyFile"] = keyFile,
            });
            using var client = server.Client();
            var encrypted = new { encrypted_body = new { ciphertext = OlmPkDecryptionTests.FileBodyCiphertext, mac = OlmPkDecryptionTests.LibolmMac, ephemeral = OlmPkDecryptionTests.BobPublic } };

            var publicKey = await PublicKeyAsync(server);
            using var content = new StringContent(System.Text.Json.JsonSerializer.Serialize(encrypted), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri($"{Prefix}/scan_encrypted", UriKind.Relative), content);
            var body = await Api.BodyAsync(response);

            Assert.Equal(OlmPkDecryptionTests.AlicePublic, publicKey);
            Assert.False(File.Exists(Path.Combine(server.DataDirectory, "keys", "matrix-curve25519.key")));
            // The decrypted body names mxc://matrix.org/oSTbuSlyZKXvgtbtUsPxRbto, which the homeserver was asked for
            // and does not have.
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("M_NOT_FOUND", body.GetProperty("reason").GetString());
            Assert.Contains("/_matrix/media/v3/download/matrix.org/oSTbuSlyZKXvgtbtUsPxRbto", homeserver.Requests);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    private static async Task<string> PublicKeyAsync(ServerProcess server)
    {
        using var client = server.Client();
        var (response, body) = await Api.GetAsync(client, $"{Prefix}/public_key");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body.GetProperty("public_key").GetString()!;
    }
}
