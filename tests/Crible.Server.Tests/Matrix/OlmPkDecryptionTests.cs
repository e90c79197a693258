using System.Text;
using Crible.Server.Matrix;

namespace Crible.Server.Tests.Matrix;

/// <summary>
/// Known answers from libolm itself. The keys are those of libolm's test/test_pk.cpp (RFC 7748's Alice as the
/// recipient, Bob's private key as the encryption's "random" input, so the ephemeral key is Bob's public key); the
/// ciphertexts and MACs are what Debian's libolm 3.2.13 (libolm3) returned from <c>olm_pk_encrypt</c> with them.
/// </summary>
public sealed class OlmPkDecryptionTests
{
    public const string AlicePublic = "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo";
    public const string BobPublic = "3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08";
    public const string LibolmMac = "zpzU6BkZcNI";

    /// <summary>The request body of the content scanner's docs/api.md example, as libolm encrypted it.</summary>
    public const string FileBody = """{"file":{"v":"v2","key":{"alg":"A256CTR","ext":true,"k":"qcHVMSgYg-71CauWBezXI5qkaRb0LuIy-Wx5kIaHMIA","key_ops":["encrypt","decrypt"],"kty":"oct"},"iv":"X85+XgHN+HEAAAAAAAAAAA","hashes":{"sha256":"5qG4fFnbbVdlAB1Q72JDKwCagV6Dbkx9uds4rSak37c"},"url":"mxc://matrix.org/oSTbuSlyZKXvgtbtUsPxRbto"}}""";

    public const string FileBodyCiphertext = "fpzs1q8hwvymzsgLPCXSNA11KbThxARkc1U+mrjFHOp3RCYhzW19BRP29pOOj1jVoCi1qZTWM+7yJui/R/2wtRt7kVvF6hDVyW1nu3yVxnIbCnM7B/1BXEyCemlaCIRcfXwT4a0OU7TOuqytLJZjcsCxbsF/vmHgLphi6WcSZVg4dl0WL6j13OduAOnnb52rQpsvz8nP9Ja1MOigMNJTK+gvMYpdsN6qwGLBBHwPvq1EbyZeGJDfFghv+jWwAtcL1YuvZZjQbkioZDpi+oRl6mPKzwCWPFHQW1dy6sBJRxUzI7gKYuIBNzJJTahhkl4TEWi5FtPcWcUiTnO7eZpSrF5XN+Q3IjBrCHweY8pZjzragRuCL/OdHlE7SVWaFh0ivQOkqlKB949yxYMAf12oJw";

    private const string ShortCiphertext = "ntk49j/KozVFtSqJXhCejg";

    public static byte[] AlicePrivate => Convert.FromHexString("77076D0A7318A57D3C16C17251B26645DF4C2F87EBC0992AB177FBA51DB92C2A");

    private static byte[] BobPrivate => Convert.FromHexString("5DAB087E624A8A4B79E17F8B83800EE66F3BB1292618B6FD1C2F8B27FF88E0EB");

    [Fact]
    public void The_public_key_is_libolms_for_the_same_private_key()
    {
        using var decryption = new OlmPkDecryption(AlicePrivate);

        Assert.Equal(AlicePublic, decryption.PublicKey);
    }

    [Theory]
    [InlineData(ShortCiphertext, "This is a test")]
    [InlineData(FileBodyCiphertext, FileBody)]
    public void Messages_libolm_encrypted_decrypt_to_their_plaintext(string ciphertext, string plaintext)
    {
        using var decryption = new OlmPkDecryption(AlicePrivate);

        var opened = decryption.Decrypt(ciphertext, LibolmMac, BobPublic);

        Assert.Equal(plaintext, Encoding.UTF8.GetString(Assert.IsType<byte[]>(opened)));
    }

    [Fact]
    public void The_test_encryptor_makes_exactly_what_libolm_makes()
    {
        var (ciphertext, mac, ephemeral) = OlmPkEncryptor.Encrypt(AlicePublic, Encoding.UTF8.GetBytes(FileBody), BobPrivate);

        Assert.Equal(FileBodyCiphertext, ciphertext);
        Assert.Equal(LibolmMac, mac);
        Assert.Equal(BobPublic, ephemeral);
    }

    [Fact]
    public void A_changed_mac_does_not_open()
    {
        using var decryption = new OlmPkDecryption(AlicePrivate);
        var mac = OlmPkEncryptor.Decode(LibolmMac);
        mac[7] ^= 0x01;

        Assert.Null(decryption.Decrypt(ShortCiphertext, OlmPkEncryptor.Encode(mac), BobPublic));
    }

    [Fact]
    public void A_message_for_another_key_does_not_open()
    {
        using var decryption = new OlmPkDecryption(BobPrivate);

        Assert.Null(decryption.Decrypt(ShortCiphertext, LibolmMac, BobPublic));
    }

    [Theory]
    [InlineData("not base64!", LibolmMac, BobPublic)]
    [InlineData(ShortCiphertext, "AAAA", BobPublic)]
    [InlineData(ShortCiphertext, LibolmMac, "3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdN")]
    [InlineData("ntk49j/KozVFtSqJXhCe", LibolmMac, BobPublic)]
    [InlineData("", LibolmMac, BobPublic)]
    [InlineData(ShortCiphertext, LibolmMac, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_parts_do_not_open_and_do_not_throw(string ciphertext, string mac, string ephemeral)
    {
        using var decryption = new OlmPkDecryption(AlicePrivate);

        Assert.Null(decryption.Decrypt(ciphertext, mac, ephemeral));
    }

    [Fact]
    public void A_changed_ciphertext_is_refused_by_its_padding()
    {
        // libolm's MAC does not cover the ciphertext; with these keys this change leaves the last block ending in
        // 0x04 after ...0x3C, which is not PKCS#7 padding.
        using var decryption = new OlmPkDecryption(AlicePrivate);
        var ciphertext = OlmPkEncryptor.Decode(ShortCiphertext);
        ciphertext[^1] ^= 0x40;

        Assert.Null(decryption.Decrypt(OlmPkEncryptor.Encode(ciphertext), LibolmMac, BobPublic));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_key_pair_is_made_once_kept_readable_by_its_owner_only_and_loaded_again()
    {
        var folder = Directory.CreateTempSubdirectory("crible-olm-").FullName;
        try
        {
            var path = Path.Combine(folder, "keys", "matrix-curve25519.key");
            string first;
            using (var made = OlmPkDecryption.LoadOrCreate(path))
            {
                first = made.PublicKey;
            }

            using var loaded = OlmPkDecryption.LoadOrCreate(path);

            Assert.Equal(first, loaded.PublicKey);
            Assert.Equal(32, OlmPkEncryptor.Decode(first).Length);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_key_file_that_is_not_a_key_stops_the_start_with_a_reason()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Convert.ToBase64String(new byte[16]));

            var refused = Assert.Throws<InvalidOperationException>(() => OlmPkDecryption.LoadOrCreate(path));

            Assert.Contains("16 bytes", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
