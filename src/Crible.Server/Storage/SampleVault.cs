using System.Buffers.Binary;
using System.Security.Cryptography;
using Crible.Model;
using Crible.Server.Security;

namespace Crible.Server.Storage;

/// <summary>
/// Keeps submitted samples encrypted at rest (AES-256-GCM in 64 KiB chunks, each authenticated with its index and a
/// last-chunk flag, so a truncated or reordered file fails to decrypt). Plain bytes exist only in memory while a
/// sample is analysed.
/// </summary>
public sealed class SampleVault
{
    private const int ChunkSize = 64 * 1024;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Magic = "CRBLSMP1"u8.ToArray();

    private readonly byte[] _key;
    private readonly string _folder;

    public SampleVault(string folder, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 32)
        {
            throw new ArgumentException("The sample key must be 32 bytes (AES-256).", nameof(key));
        }

        _folder = folder;
        _key = key;
        Directory.CreateDirectory(folder);
    }

    /// <summary>The key in the data folder, made on first use (readable by the service's user only).</summary>
    public static byte[] LoadOrCreateKey(string path, string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Convert.FromBase64String(configured);
        }

        return KeyFile.LoadOrCreate(path, 32);
    }

    public bool Exists(string id) => File.Exists(PathOf(id));

    public void Delete(string id)
    {
        var path = PathOf(id);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>Starts writing a sample; the writer hashes as it encrypts.</summary>
    public SampleVaultWriter Create(string id) => new(PathOf(id), _key);

    /// <summary>Decrypts a whole sample into memory.</summary>
    public async Task<byte[]> ReadAllAsync(string id, CancellationToken cancellation)
    {
        var encrypted = await File.ReadAllBytesAsync(PathOf(id), cancellation).ConfigureAwait(false);
        if (encrypted.Length < Magic.Length + 8 || !encrypted.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new CryptographicException($"Sample {id} is not a Crible sample file.");
        }

        var length = BinaryPrimitives.ReadInt64LittleEndian(encrypted.AsSpan(Magic.Length));
        if (length < 0 || length > Array.MaxLength)
        {
            throw new CryptographicException($"Sample {id} declares an impossible length.");
        }

        var plain = new byte[length];
        using var aes = new AesGcm(_key, TagSize);
        var offset = Magic.Length + 8;
        var written = 0L;
        var index = 0L;
        while (true)
        {
            var chunk = (int)Math.Min(ChunkSize, length - written);
            var last = written + chunk == length;
            if (offset + NonceSize + chunk + TagSize > encrypted.Length)
            {
                throw new CryptographicException($"Sample {id} is truncated.");
            }

            aes.Decrypt(
                encrypted.AsSpan(offset, NonceSize),
                encrypted.AsSpan(offset + NonceSize, chunk),
                encrypted.AsSpan(offset + NonceSize + chunk, TagSize),
                plain.AsSpan((int)written, chunk),
                AssociatedData(index, last));
            offset += NonceSize + chunk + TagSize;
            written += chunk;
            index++;
            if (last)
            {
                return plain;
            }
        }
    }

    /// <summary>Encrypts a short secret (a request's passwords) for the database.</summary>
    public string Protect(string secret)
    {
        var plain = System.Text.Encoding.UTF8.GetBytes(secret);
        var sealedBox = new byte[NonceSize + plain.Length + TagSize];
        RandomNumberGenerator.Fill(sealedBox.AsSpan(0, NonceSize));
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(sealedBox.AsSpan(0, NonceSize), plain, sealedBox.AsSpan(NonceSize, plain.Length), sealedBox.AsSpan(NonceSize + plain.Length));
        return Convert.ToBase64String(sealedBox);
    }

    public string Unprotect(string protectedSecret)
    {
        var sealedBox = Convert.FromBase64String(protectedSecret);
        if (sealedBox.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The protected value is too short.");
        }

        var plain = new byte[sealedBox.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedBox.AsSpan(0, NonceSize), sealedBox.AsSpan(NonceSize, plain.Length), sealedBox.AsSpan(NonceSize + plain.Length), plain);
        return System.Text.Encoding.UTF8.GetString(plain);
    }

    internal static byte[] AssociatedData(long index, bool last)
    {
        var data = new byte[9];
        BinaryPrimitives.WriteInt64LittleEndian(data, index);
        data[8] = last ? (byte)1 : (byte)0;
        return data;
    }

    internal static ReadOnlySpan<byte> Header => Magic;

    internal static int Chunk => ChunkSize;

    private string PathOf(string id) => Path.Combine(_folder, id + ".sample");
}
