using Crible.Tests.Scanners.Mail;

namespace Crible.Tests.Scanners.Office.Encryption;

/// <summary>Debian's msoffcrypto-tool, the reference decryptor the tests compare Crible's output with.</summary>
internal static class MsOffCryptoTool
{
    private const string Program = "msoffcrypto-tool";

    /// <summary>The file <paramref name="encrypted"/> protects, decrypted by msoffcrypto-tool with <paramref name="password"/>.</summary>
    public static byte[] Decrypt(byte[] encrypted, string password)
    {
        Assert.True(ExternalTool.Exists(Program), "The reference decryptor is missing: run scripts/install-deps.sh test (Debian's python3-msoffcrypto-tool)");
        var folder = Directory.CreateTempSubdirectory("crible-msoffcrypto-");
        try
        {
            File.WriteAllBytes(Path.Combine(folder.FullName, "in"), encrypted);
            ExternalTool.Run(folder.FullName, Program, "-p", password, "in", "out");
            return File.ReadAllBytes(Path.Combine(folder.FullName, "out"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
