namespace Crible.Scanners.Office.Encryption;

/// <summary>How hard Crible tries to open password-protected Office documents (configuration section
/// <c>OfficeDecryption</c>). Every password costs a key derivation of spinCount hashes, which the document chooses.</summary>
public sealed class OfficeDecryptionOptions
{
    /// <summary>Passwords tried on one document, <c>VelvetSweatshop</c> included.</summary>
    public int MaxPasswordTries { get; set; } = 20;

    /// <summary>The largest key-derivation spin count accepted (Office writes 100,000); a document asking for more
    /// is reported incomplete rather than tried.</summary>
    public int MaxSpinCount { get; set; } = 10_000_000;

    /// <summary>Hashes all the password tries on one document may cost together: with a large spin count fewer
    /// passwords are tried.</summary>
    public long MaxHashesPerDocument { get; set; } = 20_000_000;
}
