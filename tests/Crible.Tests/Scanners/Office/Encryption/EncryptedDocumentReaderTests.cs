using Crible.Scanners.Office.Encryption;
using Crible.Scanners.Office.Ole;

namespace Crible.Tests.Scanners.Office.Encryption;

public sealed class EncryptedDocumentReaderTests
{
    [Theory]
    [InlineData("test_password.docx", "Password1!", "Agile, AES-256, SHA512, 100000 spins")]
    [InlineData("test_password_brute.docx", "aaa", "Standard, AES-128, SHA1, 50000 spins")]
    public void An_encrypted_package_decrypts_to_the_bytes_msoffcrypto_gives(string name, string password, string scheme)
    {
        var encrypted = OfficeTestFiles.Strelka(name);
        using var file = CompoundFile.Open(encrypted);

        var decrypted = DecryptWith(file, password, scheme);

        Assert.Equal(MsOffCryptoTool.Decrypt(encrypted, password), decrypted.Content);
    }

    [Theory]
    [InlineData("test_password.doc", "Password1!", "RC4 CryptoAPI, 128-bit key, SHA1")]
    [InlineData("test_password_brute.doc", "aaa", "RC4, 40-bit key, MD5")]
    public void A_Word_document_decrypts_to_the_streams_msoffcrypto_gives_in_a_compound_file_olefile_reads(string name, string password, string scheme)
    {
        var encrypted = OfficeTestFiles.Strelka(name);
        using var file = CompoundFile.Open(encrypted);

        var decrypted = DecryptWith(file, password, scheme);

        var referenceBytes = MsOffCryptoTool.Decrypt(encrypted, password);
        using var ours = CompoundFile.Open(decrypted.Content);
        using var reference = CompoundFile.Open(referenceBytes);
        Assert.Equal(Stream(reference, "WordDocument"), Stream(ours, "WordDocument"));
        Assert.Equal(Stream(reference, "Data"), Stream(ours, "Data"));
        // msoffcrypto-tool decrypts the table stream's clear encryption header too; the rest must agree.
        var headerLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(Stream(file, "WordDocument").AsSpan(14));
        Assert.Equal(Stream(reference, "1Table")[headerLength..], Stream(ours, "1Table")[headerLength..]);
        Assert.Equal(Stream(file, "1Table")[..headerLength], Stream(ours, "1Table")[..headerLength]);
        Assert.Equal(OleFileListing(referenceBytes), OleFileListing(decrypted.Content));
    }

    /// <summary>The document decrypted with <paramref name="password"/>, after checking its scheme and that a wrong
    /// password is refused.</summary>
    private static DecryptedDocument DecryptWith(CompoundFile file, string password, string scheme)
    {
        var document = EncryptedDocumentReader.Open(file, 1 << 24);
        Assert.Equal(scheme, document.Scheme);
        Assert.False(document.TryPassword("wrong", CancellationToken.None));
        Assert.True(document.TryPassword(password, CancellationToken.None));
        var decrypted = document.Decrypt(1 << 24, CancellationToken.None);
        Assert.Empty(decrypted.Problems);
        return decrypted;
    }

    /// <summary>Every stream of a compound file as olefile (Debian's python3-olefile) reads it: path, size, and the
    /// SHA-256 of its content (the table stream's length only, its clear header being decrypted by msoffcrypto-tool).</summary>
    private static string[] OleFileListing(byte[] compoundFile)
    {
        const string Script = "import hashlib, olefile, sys\n"
            + "ole = olefile.OleFileIO(sys.argv[1])\n"
            + "for path in sorted(ole.listdir()):\n"
            + "    data = ole.openstream(path).read()\n"
            + "    name = '/'.join(path)\n"
            + "    print(name, len(data), '' if name in ('0Table', '1Table') else hashlib.sha256(data).hexdigest())\n";
        var folder = Directory.CreateTempSubdirectory("crible-olefile-");
        try
        {
            File.WriteAllBytes(Path.Combine(folder.FullName, "in"), compoundFile);
            File.WriteAllText(Path.Combine(folder.FullName, "list.py"), Script);
            var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3") { WorkingDirectory = folder.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("list.py");
            start.ArgumentList.Add("in");
            using var process = System.Diagnostics.Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit(60_000);
            Assert.True(process.ExitCode == 0, $"olefile could not read the file (install python3-olefile: scripts/install-deps.sh test): {stderr.Result}");
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static byte[] Stream(CompoundFile file, string name) => file.ReadStream(file.Find(name)!, 1 << 24, out _);
}
