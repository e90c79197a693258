using System.Security.Cryptography;

namespace Crible.Model;

/// <summary>Computes MD5, SHA-1 and SHA-256 in one pass.</summary>
public sealed class MultiHasher : IDisposable
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void Append(ReadOnlySpan<byte> data)
    {
        _md5.AppendData(data);
        _sha1.AppendData(data);
        _sha256.AppendData(data);
    }

    public Hashes Finish() => new(
        Convert.ToHexStringLower(_md5.GetHashAndReset()),
        Convert.ToHexStringLower(_sha1.GetHashAndReset()),
        Convert.ToHexStringLower(_sha256.GetHashAndReset()));

    public void Dispose()
    {
        _md5.Dispose();
        _sha1.Dispose();
        _sha256.Dispose();
    }
}
