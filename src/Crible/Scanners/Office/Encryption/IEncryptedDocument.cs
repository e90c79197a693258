namespace Crible.Scanners.Office.Encryption;

/// <summary>One encrypted Office document, parsed enough to check a password against its verifier and, once a
/// password is right, to decrypt it into the file it protects.</summary>
internal interface IEncryptedDocument
{
    /// <summary>The scheme and its parameters, for the report ("Agile, AES-256, SHA512, 100000 spins").</summary>
    string Scheme { get; }

    /// <summary>Hashes one password try costs (the spin count, or 1 for the RC4 schemes).</summary>
    long HashesPerPassword { get; }

    /// <summary>True when the password matches the verifier; the derived key is then kept for <see cref="Decrypt"/>.</summary>
    bool TryPassword(string password, CancellationToken cancellation);

    /// <summary>The decrypted file, after a successful <see cref="TryPassword"/>, with what could not be decrypted.</summary>
    DecryptedDocument Decrypt(long maxBytes, CancellationToken cancellation);
}

/// <summary>The file an encrypted document protects, and a sentence for each part that could not be restored.</summary>
internal sealed record DecryptedDocument(byte[] Content, IReadOnlyList<string> Problems);
