using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Crible.Scanners.Office.Encryption;

/// <summary>The hash functions the ECMA-376 schemes name, and their iterated password hash (MS-OFFCRYPTO 2.3.4.7
/// and 2.3.4.11): H0 = H(salt + password), then H(i + H) spinCount times.</summary>
internal sealed class PasswordHash
{
    private const int IterationsBetweenCancellationChecks = 16_384;

    private PasswordHash(HashAlgorithmName algorithm, int size)
    {
        Algorithm = algorithm;
        Size = size;
    }

    public HashAlgorithmName Algorithm { get; }

    public string Name => Algorithm.Name!;

    /// <summary>Digest length in bytes.</summary>
    public int Size { get; }

    public static PasswordHash Sha1 { get; } = new(HashAlgorithmName.SHA1, SHA1.HashSizeInBytes);

    /// <summary>The function an Agile descriptor names, or null when it is not one .NET provides here.</summary>
    public static PasswordHash? FromName(string? name) => name?.ToUpperInvariant() switch
    {
        "SHA1" or "SHA-1" => Sha1,
        "SHA256" => new PasswordHash(HashAlgorithmName.SHA256, SHA256.HashSizeInBytes),
        "SHA384" => new PasswordHash(HashAlgorithmName.SHA384, SHA384.HashSizeInBytes),
        "SHA512" => new PasswordHash(HashAlgorithmName.SHA512, SHA512.HashSizeInBytes),
        _ => null,
    };

    public byte[] Hash(ReadOnlySpan<byte> input)
    {
        var output = new byte[Size];
        HashInto(input, output);
        return output;
    }

    public byte[] Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var buffer = new byte[first.Length + second.Length];
        first.CopyTo(buffer);
        second.CopyTo(buffer.AsSpan(first.Length));
        return Hash(buffer);
    }

    /// <summary>The iterated hash of a password: H0 = H(salt + UTF-16LE password), Hn = H(n as 32 bits + Hn-1).</summary>
    public byte[] Iterated(ReadOnlySpan<byte> salt, string password, int spinCount, CancellationToken cancellation)
    {
        var current = Hash(salt, Encoding.Unicode.GetBytes(password));
        Span<byte> buffer = stackalloc byte[4 + Size];
        Span<byte> next = stackalloc byte[Size];
        current.CopyTo(buffer[4..]);
        for (var i = 0; i < spinCount; i++)
        {
            if (i % IterationsBetweenCancellationChecks == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }

            BinaryPrimitives.WriteInt32LittleEndian(buffer, i);
            HashInto(buffer, next);
            next.CopyTo(buffer[4..]);
        }

        return buffer[4..].ToArray();
    }

    /// <summary>The keyed hash (HMAC) of <paramref name="data"/> with this function.</summary>
    public byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => CryptographicOperations.HmacData(Algorithm, key, data);

    private void HashInto(ReadOnlySpan<byte> input, Span<byte> output) => CryptographicOperations.HashData(Algorithm, input, output);
}
