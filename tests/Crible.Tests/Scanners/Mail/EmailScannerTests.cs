using System.Security.Cryptography;
using System.Text;
using Crible.Model;

namespace Crible.Tests.Scanners.Mail;

public sealed class EmailScannerTests
{
    private static readonly byte[] Invoice = Encoding.ASCII.GetBytes("Invoice 2024-001: total due 1,234.56 EUR\n");

    [Theory]
    [InlineData("Hello,\r\nthe password is: secret\r\nRegards")]
    [InlineData("Bonjour,\r\nle mot de passe est : secret\r\nCordialement")]
    [InlineData("See attached. pwd secret")]
    [InlineData("The archive is protected; the password for it is \"secret\".")]
    [InlineData("Code: secret")]
    public async Task A_zip_encrypted_with_a_password_only_the_text_gives_is_opened(string body)
    {
        var zip = ExternalTool.EncryptedZip("invoice.txt", Invoice, "secret");
        var message = TestMail.Message("Your invoice", body, ("invoice.zip", "application/zip", zip));

        var report = await TestEngine.WithLimits(new Limits(), passwords: []).AnalyseAsync(message, "invoice.eml");

        Assert.Equal(Verdict.Clean, report.Verdict);
        var member = Assert.Single(report.Nodes, n => n.Sha256 == Sha256(Invoice));
        Assert.Equal("invoice.eml/invoice.zip/invoice.txt", member.Path);
        var archive = Assert.Single(report.Nodes, n => n.Name == "invoice.zip");
        Assert.Contains(archive.Findings, f => f.Id == "password" && f.Evidence == "'secret'");
    }

    [Fact]
    public async Task Without_a_password_in_the_text_the_encrypted_attachment_is_unanalysable()
    {
        var zip = ExternalTool.EncryptedZip("invoice.txt", Invoice, "secret");
        var message = TestMail.Message("Your invoice", "Please find the invoice attached.", ("invoice.zip", "application/zip", zip));

        var report = await TestEngine.WithLimits(new Limits(), passwords: []).AnalyseAsync(message, "invoice.eml");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes, n => n.Incomplete.Any(r => r.StartsWith("encrypted:", StringComparison.Ordinal)));
        Assert.DoesNotContain(report.Nodes, n => n.Sha256 == Sha256(Invoice));
    }

    [Fact]
    public async Task A_password_given_in_an_HTML_body_is_offered_too()
    {
        var zip = ExternalTool.EncryptedZip("invoice.txt", Invoice, "s3cr3t!");
        var html = "<html><body><p>Your documents.</p><p>Password: <b>s3cr3t!</b></p></body></html>";
        var message = Encoding.ASCII.GetBytes(TestMail.MessageText("Documents", html, "text/html", ("docs.zip", "application/zip", zip)));

        var report = await TestEngine.WithLimits(new Limits(), passwords: []).AnalyseAsync(message, "docs.eml");

        Assert.Contains(report.Nodes, n => n.Sha256 == Sha256(Invoice));
        Assert.Contains(report.Nodes, n => n.Name == "body.html" && n.Relation == Relation.Decoded && n.Kind == "html");
    }

    [Fact]
    public async Task Bodies_are_decoded_children_and_attachments_keep_their_names()
    {
        var message = TestMail.Message("Report", "Quarterly report attached.", ("report.txt", "text/plain", Invoice), ("data.bin", "application/octet-stream", [1, 2, 3, 4]));

        var report = await TestEngine.Default.AnalyseAsync(message, "report.eml");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Equal("email", report.File.Kind);
        var body = Assert.Single(report.Nodes, n => n.Name == "body.txt");
        Assert.Equal(Relation.Decoded, body.Relation);
        Assert.Equal(Relation.Embedded, Assert.Single(report.Nodes, n => n.Name == "report.txt").Relation);
        Assert.Equal(Sha256([1, 2, 3, 4]), Assert.Single(report.Nodes, n => n.Name == "data.bin").Sha256);
    }

    [Fact]
    public async Task A_forwarded_message_is_a_child_message_with_its_own_attachments()
    {
        var inner = TestMail.Message("Original", "The original message.", ("inner.txt", "text/plain", Invoice));
        var outer = TestMail.Message("Fwd: Original", "Forwarding this.", ("original.eml", "message/rfc822", inner));

        var report = await TestEngine.Default.AnalyseAsync(outer, "forward.eml");

        var forwarded = Assert.Single(report.Nodes, n => n.Name == "original.eml");
        Assert.Equal("email", forwarded.Kind);
        Assert.Equal("forward.eml/original.eml/inner.txt", Assert.Single(report.Nodes, n => n.Sha256 == Sha256(Invoice)).Path);
    }

    [Fact]
    public async Task Each_message_of_an_mbox_is_analysed_with_its_attachments()
    {
        var first = TestMail.Message("First", "One.", ("one.txt", "text/plain", Encoding.ASCII.GetBytes("first attachment\n")));
        var second = TestMail.Message("Second", "Two.", ("two.txt", "text/plain", Encoding.ASCII.GetBytes("second attachment\n")));

        var report = await TestEngine.Default.AnalyseAsync(TestMail.Mailbox(first, second), "inbox.mbox");

        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Contains(report.Nodes, n => n.Path == "inbox.mbox/message-1.eml/one.txt");
        Assert.Contains(report.Nodes, n => n.Path == "inbox.mbox/message-2.eml/two.txt");
    }

    [Fact]
    public async Task A_MIME_HTML_archive_gives_its_page_and_resources_named_by_their_location()
    {
        var archive = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("resource bytes ", 40)));
        var mht = $"""
            From: <Saved by Windows Internet Explorer 8>
            Subject: Saved page
            Date: Mon, 1 Jan 2024 10:00:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/related; type="text/html"; boundary="----=_NextPart_000"

            ------=_NextPart_000
            Content-Type: text/html; charset="utf-8"
            Content-Transfer-Encoding: quoted-printable
            Content-Location: https://example.invalid/index.html

            <html><body><a href=3D"files/update.bin">update</a></body></html>
            ------=_NextPart_000
            Content-Type: application/octet-stream
            Content-Transfer-Encoding: base64
            Content-Location: https://example.invalid/files/update.bin

            {Convert.ToBase64String(archive)}
            ------=_NextPart_000--
            """;

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(mht.ReplaceLineEndings("\r\n")), "page.mht");

        Assert.Equal("email", report.File.Kind);
        Assert.Contains(report.Nodes, n => n.Name == "body.html" && n.Kind == "html");
        Assert.Equal(Sha256(archive), Assert.Single(report.Nodes, n => n.Name == "update.bin").Sha256);
    }

    [Fact]
    public async Task Strelka_test_message_gives_its_attachments_and_bodies()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.eml"));

        Assert.Equal(Verdict.Clean, report.Verdict);
        var names = report.Nodes.Where(n => n.Parent == 0).Select(n => n.Name).ToList();
        Assert.Contains("test.doc", names);
        Assert.Contains("image001.jpg", names);
        Assert.Contains("body.txt", names);
        Assert.Contains("body.html", names);
    }

    [Fact]
    public async Task Truncated_messages_are_read_as_far_as_they_go_without_a_scanner_failure()
    {
        var whole = TestMail.Message("Cut", "Body text.", ("data.bin", "application/octet-stream", RandomNumberGenerator.GetBytes(3000)));
        foreach (var length in new[] { 40, 200, whole.Length / 2, whole.Length - 7 })
        {
            var report = await TestEngine.Default.AnalyseAsync(whole[..length], "cut.eml");

            Assert.DoesNotContain(report.Nodes, n => n.Incomplete.Any(r => r.Contains("failed", StringComparison.Ordinal)));
        }
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
