using System.Security.Cryptography;
using System.Text.Json;

namespace Crible.Server.Matrix;

/// <summary>A Matrix <c>EncryptedFile</c> (the <c>file</c> object): where the ciphertext is and how to open it
/// (AES-256-CTR with key <c>k</c> and counter block <c>iv</c>; SHA-256 of the ciphertext in <c>hashes</c>).</summary>
public sealed record EncryptedAttachment(string ServerName, string MediaId, byte[] Key, byte[] Iv, byte[] Sha256)
{
    /// <summary>Reads the <c>file</c> object; null with a reason when a field is missing or malformed.</summary>
    public static EncryptedAttachment? Parse(JsonElement file, out string? problem)
    {
        problem = null;
        try
        {
            var url = file.GetProperty("url").GetString() ?? string.Empty;
            if (!url.StartsWith("mxc://", StringComparison.Ordinal) || url[6..].Split('/') is not [var server, var media])
            {
                problem = "file.url must be mxc://server/mediaId";
                return null;
            }

            var key = file.GetProperty("key");
            if (key.TryGetProperty("alg", out var alg) && alg.GetString() != "A256CTR")
            {
                problem = "file.key.alg must be A256CTR";
                return null;
            }

            var attachment = new EncryptedAttachment(server, media, UnpaddedBase64.Decode(key.GetProperty("k").GetString()), UnpaddedBase64.Decode(file.GetProperty("iv").GetString()), UnpaddedBase64.Decode(file.GetProperty("hashes").GetProperty("sha256").GetString()));
            if (attachment.Key.Length != 32 || attachment.Iv.Length != 16 || attachment.Sha256.Length != 32)
            {
                problem = "file.key.k must be 32 bytes, file.iv 16 bytes and file.hashes.sha256 32 bytes";
                return null;
            }

            return attachment;
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            problem = $"the file object is incomplete or malformed ({exception.Message})";
            return null;
        }
    }

    /// <summary>The plain content, or null when the ciphertext does not have the announced SHA-256.</summary>
    public byte[]? Decrypt(byte[] ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(ciphertext), Sha256))
        {
            return null;
        }

        using var aes = Aes.Create();
        aes.Key = Key;
        var counter = (byte[])Iv.Clone();
        var keystream = new byte[16];
        var plain = new byte[ciphertext.Length];
        for (var at = 0; at < ciphertext.Length; at += 16)
        {
            aes.EncryptEcb(counter, keystream, PaddingMode.None);
            var count = Math.Min(16, ciphertext.Length - at);
            for (var i = 0; i < count; i++)
            {
                plain[at + i] = (byte)(ciphertext[at + i] ^ keystream[i]);
            }

            Increment(counter);
        }

        return plain;
    }

    private static void Increment(byte[] counter)
    {
        for (var i = counter.Length - 1; i >= 0; i--)
        {
            if (++counter[i] != 0)
            {
                return;
            }
        }
    }
}
