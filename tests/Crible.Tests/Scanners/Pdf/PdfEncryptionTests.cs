using Crible.Model;
using Crible.Tests.Scanners.Mail;

namespace Crible.Tests.Scanners.Pdf;

/// <summary>Encrypted PDFs built by Debian's qpdf (installed by ./test.sh).</summary>
public sealed class PdfEncryptionTests
{
    private static readonly string ProgramSha256 = "f2f667e330da9f190eda77c74781963a0495c3953a653747fe475b99421efdda";

    [Theory]
    [InlineData("40")]
    [InlineData("128", "--use-aes=n")]
    [InlineData("128", "--use-aes=y")]
    [InlineData("256")]
    [InlineData("256", "--force-R5")]
    public async Task A_PDF_encrypted_with_an_empty_user_password_is_opened(string bits, string? option = null)
    {
        var pdf = Encrypt(string.Empty, bits, option);
        var report = await TestEngine.Default.AnalyseAsync(pdf, "encrypted.pdf");

        Assert.Equal("encrypted.pdf/test.exe", Assert.Single(report.Nodes, n => n.Sha256 == ProgramSha256).Path);
        Assert.Contains(report.Nodes[0].Findings, f => f.Scanner == "pdf" && f.Id == "encrypted");
        Assert.Empty(report.Nodes[0].Incomplete);
    }

    [Theory]
    [InlineData("128", "--use-aes=n")]
    [InlineData("256")]
    public async Task A_PDF_that_needs_a_user_password_is_unanalysable_until_the_password_is_given(string bits, string? option = null)
    {
        var pdf = Encrypt("open sesame", bits, option);
        var analyser = TestEngine.WithLimits(new Limits(), passwords: []);
        var without = await analyser.AnalyseAsync(pdf, "locked.pdf");
        var with = await analyser.AnalyseAsync(pdf, "locked.pdf", "open sesame");

        Assert.Equal(Verdict.Unanalysable, without.Verdict);
        Assert.Contains(without.Nodes[0].Incomplete, r => r.StartsWith("encrypted: PDF", StringComparison.Ordinal));
        Assert.Contains(with.Nodes, n => n.Sha256 == ProgramSha256);
        Assert.Equal(Verdict.Clean, with.Verdict);
    }

    /// <summary>A PDF with test.exe attached, in object streams, encrypted by qpdf.</summary>
    private static byte[] Encrypt(string userPassword, string bits, string? option)
    {
        // ./test.sh installs qpdf: its absence is a broken set-up, not a reason to pass.
        Assert.True(ExternalTool.Exists("qpdf"), "Debian's qpdf is needed to build encrypted PDFs: run ./test.sh or apt-get install qpdf");

        var folder = Directory.CreateTempSubdirectory("crible-pdf-");
        try
        {
            File.Copy(TestPaths.Corpus("strelka-fixtures", "test.exe"), Path.Combine(folder.FullName, "test.exe"));
            ExternalTool.Run(folder.FullName, "qpdf", "--empty", "--object-streams=generate", "--add-attachment", "test.exe", "--", "plain.pdf");
            string[] arguments = ["--allow-weak-crypto", "--encrypt", userPassword, "owner-secret", bits, .. option is null ? Array.Empty<string>() : [option], "--", "plain.pdf", "out.pdf"];
            ExternalTool.Run(folder.FullName, "qpdf", arguments);
            return File.ReadAllBytes(Path.Combine(folder.FullName, "out.pdf"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
