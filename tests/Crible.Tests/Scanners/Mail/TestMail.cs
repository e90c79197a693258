using System.Text;

namespace Crible.Tests.Scanners.Mail;

/// <summary>Builds MIME messages and mailboxes for tests, by hand so the parser under test is not also the writer.</summary>
public static class TestMail
{
    private const string Boundary = "=_crible_test_boundary";

    public static byte[] Message(string subject, string body, params (string Name, string ContentType, byte[] Content)[] attachments) =>
        Encoding.ASCII.GetBytes(MessageText(subject, body, "text/plain", attachments));

    public static string MessageText(string subject, string body, string bodyType, params (string Name, string ContentType, byte[] Content)[] attachments)
    {
        var text = new StringBuilder();
        text.Append("From: Alice <alice@example.org>\r\n");
        text.Append("To: Bob <bob@example.org>\r\n");
        text.Append($"Subject: {subject}\r\n");
        text.Append("Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n");
        text.Append("Message-ID: <test@example.org>\r\n");
        text.Append("MIME-Version: 1.0\r\n");
        text.Append($"Content-Type: multipart/mixed; boundary=\"{Boundary}\"\r\n\r\n");
        text.Append($"--{Boundary}\r\nContent-Type: {bodyType}; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n");
        foreach (var (name, contentType, content) in attachments)
        {
            text.Append($"--{Boundary}\r\nContent-Type: {contentType}; name=\"{name}\"\r\n");
            if (contentType == "message/rfc822")
            {
                text.Append($"Content-Disposition: attachment; filename=\"{name}\"\r\n\r\n{Encoding.ASCII.GetString(content)}\r\n");
                continue;
            }

            text.Append($"Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\r\n");
            text.Append(Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
        }

        text.Append($"--{Boundary}--\r\n");
        return text.ToString();
    }

    /// <summary>An mbox: each message after a "From " separator line.</summary>
    public static byte[] Mailbox(params byte[][] messages)
    {
        var mailbox = new StringBuilder();
        foreach (var message in messages)
        {
            mailbox.Append("From alice@example.org Mon Jan  1 10:00:00 2024\n");
            mailbox.Append(Encoding.ASCII.GetString(message).Replace("\r\n", "\n", StringComparison.Ordinal)).Append('\n');
        }

        return Encoding.ASCII.GetBytes(mailbox.ToString());
    }
}
