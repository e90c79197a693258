using System.Diagnostics;
using System.Text;
using Crible.Configuration;
using Crible.Model;
using Crible.Scanners.Office.Encryption;
using Crible.Tests.Scanners.Office.Vba;

namespace Crible.Tests.Scanners.Office.Encryption;

public sealed class EncryptedDocumentTests
{
    private const string AutoOpenShell = "Sub AutoOpen()\r\n    Shell \"cmd.exe /c calc.exe\"\r\nEnd Sub\r\n";

    [Theory]
    [InlineData("test_password.docx", "Password1!", "docx", "word/document.xml")]
    [InlineData("test_password_brute.docx", "aaa", "docx", "word/document.xml")]
    [InlineData("test_password.doc", "Password1!", "doc", "1Table/package@A7A.zip")]
    [InlineData("test_password_brute.doc", "aaa", "doc", "Data")]
    public async Task A_Strelka_document_opened_with_its_password_is_analysed_decrypted(string name, string password, string kind, string part)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", name), name, [password]);

        Assert.Equal(Verdict.Clean, report.Verdict);
        var opened = Assert.Single(report.Nodes[0].Findings, f => f.Id == "password");
        Assert.StartsWith($"'{password}', ", opened.Evidence, StringComparison.Ordinal);
        Assert.Equal(Severity.Info, opened.Severity);
        Assert.DoesNotContain(report.Nodes[0].Incomplete, r => r.StartsWith("encrypted", StringComparison.Ordinal));
        var decrypted = Assert.Single(report.Nodes, n => n.Name == $"{name} (decrypted)");
        Assert.Equal(kind, decrypted.Kind);
        Assert.Equal(Relation.Decoded, decrypted.Relation);
        Assert.Contains(report.Nodes, n => n.Path == $"{name}/{name} (decrypted)/{part}");
    }

    [Fact]
    public async Task A_macro_document_encrypted_with_VelvetSweatshop_is_opened_without_a_password_and_its_macro_found()
    {
        var docm = MacroDocument();
        var encrypted = AgileTestEncryptor.Encrypt(docm, EncryptedDocumentEmitter.DefaultPassword);
        Assert.Equal(docm, MsOffCryptoTool.Decrypt(encrypted, EncryptedDocumentEmitter.DefaultPassword));

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "invoice.docm");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var opened = Assert.Single(report.Nodes[0].Findings, f => f.Id == "password");
        Assert.Equal("Encrypted document opened with Excel's default password", opened.Title);
        Assert.Contains("T1027", opened.Attack);
        Assert.Empty(report.Nodes[0].Incomplete);
        var macro = Assert.Single(report.Nodes, n => n.Path.StartsWith("invoice.docm/invoice.docm (decrypted)/word/vbaProject.bin", StringComparison.Ordinal) && n.Findings.Any(f => f.Severity == Severity.Malicious));
        Assert.Equal("invoice.docm/invoice.docm (decrypted)/word/vbaProject.bin", macro.Path);
    }

    [Fact]
    public async Task Without_a_password_that_opens_it_a_document_is_unanalysable_with_the_passwords_tried()
    {
        var encrypted = AgileTestEncryptor.Encrypt(MacroDocument(), "not-in-any-list");

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "invoice.docm", "request-password");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Equal(
            "encrypted: OOXML package protected by Agile (AES) encryption (Agile, AES-256, SHA512, 100000 spins); no known password opens it (7 tried: 'VelvetSweatshop', 'request-password', 'infected', 'virus', 'malware', 'password', '123456')",
            Assert.Single(report.Nodes[0].Incomplete));
        Assert.DoesNotContain(report.Nodes, n => n.Name.EndsWith("(decrypted)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Password_tries_are_bounded_by_what_their_key_derivations_cost_together()
    {
        var encrypted = AgileTestEncryptor.Encrypt(MacroDocument(), "not-in-any-list");
        var analyser = CribleEngine.Load(new CribleOptions { OfficeDecryption = new OfficeDecryptionOptions { MaxHashesPerDocument = 200_000 } }).Analyser;

        var report = await analyser.AnalyseAsync(encrypted, "invoice.docm");

        Assert.EndsWith("no known password opens it (2 tried: 'VelvetSweatshop', 'infected'; 4 more not tried, the limit for this document)", Assert.Single(report.Nodes[0].Incomplete), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absurd_spin_count_is_refused_before_any_password_is_tried()
    {
        var encrypted = AgileTestEncryptor.Encrypt(MacroDocument(), "x", spinCount: 1, declaredSpinCount: 2_000_000_000);

        var watch = Stopwatch.StartNew();
        var report = await TestEngine.Default.AnalyseAsync(encrypted, "slow.docx");

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("encrypted: ", StringComparison.Ordinal) && r.EndsWith("2000000000 spins); a spin count above 10000000 is refused, no password was tried", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_damaged_descriptor_is_unanalysable_with_the_reason()
    {
        var encrypted = AgileTestEncryptor.Encrypt(MacroDocument(), EncryptedDocumentEmitter.DefaultPassword);
        var at = Encoding.Latin1.GetString(encrypted).IndexOf("<keyEncryptors>", StringComparison.Ordinal);
        encrypted[at + 1] = (byte)'!';

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "damaged.docx");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("encrypted: OOXML package protected by Agile (AES) encryption; the Agile descriptor is not well-formed XML", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_truncated_package_is_decrypted_as_far_as_it_goes_and_said_incomplete()
    {
        var docm = MacroDocument();
        var encrypted = AgileTestEncryptor.Encrypt(docm, EncryptedDocumentEmitter.DefaultPassword);
        var shortened = ResizeStream(encrypted, "EncryptedPackage", -(docm.Length / 2 / 16 * 16));

        var report = await TestEngine.Default.AnalyseAsync(shortened, "cut.docx");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith($"ole: decrypted document: the EncryptedPackage stream holds ", StringComparison.Ordinal) && r.EndsWith($"of the {docm.Length} declared; what it holds was decrypted", StringComparison.Ordinal));
        Assert.Single(report.Nodes, n => n.Name == "cut.docx (decrypted)");
    }

    [Fact]
    public async Task A_package_altered_after_encryption_is_analysed_and_said_incomplete()
    {
        var docm = MacroDocument();
        var encrypted = AgileTestEncryptor.Encrypt(docm, EncryptedDocumentEmitter.DefaultPassword);
        using (var file = Crible.Scanners.Office.Ole.CompoundFile.Open(encrypted))
        {
            // The last cipher block of the package: its plain text is the zip's tail, the HMAC covers it.
            var package = file.ReadStream(file.Find("EncryptedPackage")!, 1 << 20, out _);
            var last = Encoding.Latin1.GetString(encrypted).IndexOf(Encoding.Latin1.GetString(package.AsSpan(package.Length - 16)), StringComparison.Ordinal);
            encrypted[last] ^= 0x01;
        }

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "altered.docx");

        Assert.Contains("ole: decrypted document: the package does not match its data integrity HMAC (altered after encryption)", report.Nodes[0].Incomplete);
        Assert.Single(report.Nodes, n => n.Name == "altered.docx (decrypted)");
    }

    /// <summary>A .docm whose macro runs a program when the document opens.</summary>
    private static byte[] MacroDocument() => TestZip.Create(
        ("[Content_Types].xml", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.ms-word.document.macroEnabled.main+xml\"/></Types>")),
        ("word/document.xml", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body/></w:document>")),
        ("word/vbaProject.bin", VbaTestProjects.File(string.Empty, new VbaTestProjects.Module("NewMacros", AutoOpenShell))));

    /// <summary>The compound file with one stream's recorded size changed by <paramref name="delta"/> bytes (the
    /// content stays where it is; a shorter stream simply ends sooner).</summary>
    private static byte[] ResizeStream(byte[] file, string name, int delta)
    {
        var entry = OfficeTestFiles.Entry(file, name);
        var offset = OfficeTestFiles.DirectoryEntryOffset(file, entry.Id) + 120;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(offset), (ulong)(entry.Size + delta));
        return file;
    }
}
