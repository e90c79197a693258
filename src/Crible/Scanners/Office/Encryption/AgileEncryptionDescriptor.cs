using System.Xml;

namespace Crible.Scanners.Office.Encryption;

/// <summary>The parameters of one key in an Agile descriptor (MS-OFFCRYPTO 2.3.4.10): the package's
/// <c>keyData</c>, or the password <c>encryptedKey</c>.</summary>
internal sealed record AgileKeyParameters(PasswordHash Hash, int KeyBits, int BlockSize, byte[] Salt)
{
    public string Describe() => $"AES-{KeyBits}, {Hash.Name}";
}

/// <summary>
/// The XML descriptor of ECMA-376 Agile Encryption (EncryptionInfo version 4.4): the package key's parameters, the
/// password key encryptor's spin count, verifier and encrypted key, and the optional data integrity HMAC. Read with
/// DTDs refused and the document size bounded; anything missing or outside what Office writes is a
/// <see cref="FormatException"/> with the reason.
/// </summary>
internal sealed record AgileEncryptionDescriptor(
    AgileKeyParameters KeyData,
    AgileKeyParameters PasswordKey,
    int SpinCount,
    byte[] EncryptedVerifierHashInput,
    byte[] EncryptedVerifierHashValue,
    byte[] EncryptedKeyValue,
    byte[]? EncryptedHmacKey,
    byte[]? EncryptedHmacValue)
{
    private const string PasswordEncryptorUri = "http://schemas.microsoft.com/office/2006/keyEncryptor/password";
    private const int MaxDescriptorCharacters = 64 * 1024;
    private const int MaxSaltBytes = 64;
    private const int MaxValueBytes = 1024;

    public static AgileEncryptionDescriptor Parse(ReadOnlySpan<byte> xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxDescriptorCharacters,
            IgnoreWhitespace = true,
        };
        Dictionary<string, string>? keyData = null, passwordKey = null, integrity = null;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml.ToArray()), settings);
            var inPasswordEncryptor = false;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                switch (reader.LocalName)
                {
                    case "keyData" when keyData is null:
                        keyData = Attributes(reader);
                        break;
                    case "dataIntegrity" when integrity is null:
                        integrity = Attributes(reader);
                        break;
                    case "keyEncryptor":
                        inPasswordEncryptor = reader.GetAttribute("uri") == PasswordEncryptorUri;
                        break;
                    case "encryptedKey" when inPasswordEncryptor && passwordKey is null:
                        passwordKey = Attributes(reader);
                        break;
                }
            }
        }
        catch (XmlException exception)
        {
            throw new FormatException($"the Agile descriptor is not well-formed XML ({exception.Message})", exception);
        }

        if (keyData is null || passwordKey is null)
        {
            throw new FormatException(keyData is null ? "the Agile descriptor has no keyData" : "the Agile descriptor has no password key encryptor (certificate-only encryption)");
        }

        return new AgileEncryptionDescriptor(
            Key(keyData, "keyData"),
            Key(passwordKey, "encryptedKey"),
            Number(passwordKey, "spinCount", "encryptedKey", 0, int.MaxValue),
            Base64(passwordKey, "encryptedVerifierHashInput", "encryptedKey"),
            Base64(passwordKey, "encryptedVerifierHashValue", "encryptedKey"),
            Base64(passwordKey, "encryptedKeyValue", "encryptedKey"),
            integrity is null ? null : Base64(integrity, "encryptedHmacKey", "dataIntegrity"),
            integrity is null ? null : Base64(integrity, "encryptedHmacValue", "dataIntegrity"));
    }

    private static Dictionary<string, string> Attributes(XmlReader reader)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.MoveToNextAttribute())
        {
            attributes.TryAdd(reader.LocalName, reader.Value);
        }

        reader.MoveToElement();
        return attributes;
    }

    private static AgileKeyParameters Key(Dictionary<string, string> attributes, string element)
    {
        var cipher = Text(attributes, "cipherAlgorithm", element);
        var chaining = Text(attributes, "cipherChaining", element);
        if (cipher != "AES" || chaining != "ChainingModeCBC")
        {
            throw new FormatException($"{element} uses {cipher} {chaining}; only AES in CBC mode is supported");
        }

        var hashName = Text(attributes, "hashAlgorithm", element);
        var hash = PasswordHash.FromName(hashName) ?? throw new FormatException($"{element} uses the hash {hashName}; SHA1, SHA256, SHA384 and SHA512 are supported");
        var keyBits = Number(attributes, "keyBits", element, 128, 256);
        if (keyBits is not (128 or 192 or 256))
        {
            throw new FormatException($"{element} asks for a {keyBits}-bit AES key");
        }

        var blockSize = Number(attributes, "blockSize", element, 16, 16);
        var salt = Base64(attributes, "saltValue", element);
        if (salt.Length is 0 or > MaxSaltBytes)
        {
            throw new FormatException($"{element} has a {salt.Length}-byte salt");
        }

        return new AgileKeyParameters(hash, keyBits, blockSize, salt);
    }

    private static string Text(Dictionary<string, string> attributes, string name, string element) =>
        attributes.TryGetValue(name, out var value) ? value : throw new FormatException($"{element} has no {name}");

    private static int Number(Dictionary<string, string> attributes, string name, string element, int min, int max)
    {
        var text = Text(attributes, name, element);
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{element} has {name}=\"{Shorten(text)}\", outside {min}..{max}");
    }

    private static byte[] Base64(Dictionary<string, string> attributes, string name, string element)
    {
        var text = Text(attributes, name, element);
        var bytes = new byte[Math.Min(MaxValueBytes, (text.Length * 3 / 4) + 3)];
        return text.Length <= MaxValueBytes * 4 / 3 && Convert.TryFromBase64String(text, bytes, out var written)
            ? bytes[..written]
            : throw new FormatException($"{element} has a {name} that is not base64 of at most {MaxValueBytes} bytes");
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
