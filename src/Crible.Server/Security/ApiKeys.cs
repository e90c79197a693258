using System.Security.Cryptography;
using System.Text;

namespace Crible.Server.Security;

/// <summary>API keys: random, shown once, stored only as their SHA-256.</summary>
public static class ApiKeys
{
    private const string Prefix = "crb_";

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    internal static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
