using System.Text;
using System.Text.Json;
using NSec.Cryptography;

namespace Crible.Server.Security;

/// <summary>Signs webhook bodies with Ed25519 as a detached JWS (RFC 7515 appendix F); the public key is served as a
/// JWK set so receivers can check where a callback came from.</summary>
public sealed class WebhookSigner : IDisposable
{
    private readonly Key _key;

    public WebhookSigner(string keyPath)
    {
        var algorithm = SignatureAlgorithm.Ed25519;
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        _key = Key.Import(algorithm, KeyFile.LoadOrCreate(keyPath, algorithm.PrivateKeySize), KeyBlobFormat.RawPrivateKey, parameters);
        PublicKey = _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        KeyId = ApiKeys.Base64Url(System.Security.Cryptography.SHA256.HashData(PublicKey).AsSpan(0, 8));
    }

    public byte[] PublicKey { get; }

    public string KeyId { get; }

    /// <summary>The JWS with an empty payload part: <c>header..signature</c>, signed over the body.</summary>
    public string SignDetached(ReadOnlySpan<byte> body)
    {
        var header = ApiKeys.Base64Url(Encoding.UTF8.GetBytes($$"""{"alg":"EdDSA","kid":"{{KeyId}}","typ":"JOSE"}"""));
        var signingInput = Encoding.ASCII.GetBytes(header + "." + ApiKeys.Base64Url(body));
        var signature = SignatureAlgorithm.Ed25519.Sign(_key, signingInput);
        return header + ".." + ApiKeys.Base64Url(signature);
    }

    public string JwksJson() => JsonSerializer.Serialize(new
    {
        keys = new[]
        {
            new Dictionary<string, string>
            {
                ["kty"] = "OKP",
                ["crv"] = "Ed25519",
                ["x"] = ApiKeys.Base64Url(PublicKey),
                ["kid"] = KeyId,
                ["use"] = "sig",
                ["alg"] = "EdDSA",
            },
        },
    });

    public void Dispose() => _key.Dispose();
}
