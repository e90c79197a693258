namespace Crible.Server.Matrix;

/// <summary>The Matrix content-scanner routes (section <c>Server:Matrix</c>), served on the HTTP port when
/// <see cref="Homeserver"/> is set.</summary>
public sealed class MatrixOptions
{
    /// <summary>The one homeserver media is fetched from (e.g. <c>https://matrix.example.org</c>).</summary>
    public Uri? Homeserver { get; set; }

    /// <summary>The tenant the analyses belong to (Matrix clients carry no Crible key).</summary>
    public string Tenant { get; set; } = "matrix";

    public TimeSpan HomeserverTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The Curve25519 key file (base64 of the 32-byte private key) that opens Olm-encrypted request bodies;
    /// default <c>keys/matrix-curve25519.key</c> in the data folder, made on first start when missing.</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>Largest media fetched; larger is refused with MCS_MEDIA_REQUEST_FAILED.</summary>
    public long MaxMediaBytes { get; set; } = 100L * 1024 * 1024;
}
