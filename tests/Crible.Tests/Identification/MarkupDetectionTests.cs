using System.Text;

namespace Crible.Tests.Identification;

/// <summary>HTML, XML and e-mail: formats with a grammar, recognised before scripts are guessed.</summary>
public sealed class MarkupDetectionTests
{
    [Theory]
    [InlineData("<!DOCTYPE html><html><body>hi</body></html>")]
    [InlineData("\uFEFF\r\n  <!doctype HTML>\n<p>x</p>")]
    [InlineData("<!-- saved from url=(0014)about:internet -->\n<HTML><HEAD><TITLE>x</TITLE></HEAD></HTML>")]
    [InlineData("<script>document.write('x')</script>")]
    [InlineData("<iframe src=\"http://example.invalid\"></iframe>")]
    [InlineData("<a href=\"data:application/octet-stream;base64,TVqQ\">x</a>")]
    [InlineData("<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\"></html>")]
    [InlineData("<?php echo 1; ?>\n<html><body></body></html>")]
    public void Html_is_recognised_after_optional_bom_whitespace_and_comments(string text) =>
        Assert.Equal("html", Identify.Text(text));

    [Fact]
    public void An_html_page_with_scripts_is_html_not_javascript()
    {
        var page = "<html><head><script>\nvar a = new ActiveXObject('WScript.Shell');\nfunction f() { eval(x); }\n</script></head></html>";

        Assert.Equal("html", Identify.Text(page));
    }

    [Fact]
    public void Javascript_that_writes_html_is_javascript()
    {
        var script = "var html = '<html><body>';\nfunction show() {\n  document.write(html + '</body></html>');\n}\nshow();\n";

        Assert.Equal("javascript", Identify.Text(script));
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict/></plist>")]
    [InlineData("\n\n<?xml version='1.0'?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    public void Xml_is_recognised_by_its_declaration(string text) => Assert.Equal("xml", Identify.Text(text));

    [Fact]
    public void Utf16_xml_with_a_byte_order_mark_is_xml()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>")).ToArray();

        Assert.Equal("xml", Identify.Bytes(bytes));
    }

    [Theory]
    [InlineData("From: a@example.invalid\r\nTo: b@example.invalid\r\nSubject: hi\r\n\r\nbody")]
    [InlineData("Received: from mx.example.invalid\n  by mx2.example.invalid; Mon, 1 Jan 2024 00:00:00 +0000\nX-Spam: no\nMessage-ID: <1@x>\n\nbody")]
    [InlineData("From sender@example.invalid  Thu Jul 31 13:49:50 2008\nFrom: sender@example.invalid\nMIME-Version: 1.0\nContent-Type: text/plain\n\nbody")]
    public void Email_is_recognised_by_its_header_block(string text) => Assert.Equal("email", Identify.Text(text));

    [Theory]
    [InlineData("Subject: only one known header\n\nbody")]
    [InlineData("Hello,\nFrom: a\nTo: b\n")]
    [InlineData("from: a\nto: b\nsubject: yaml keys, not headers\n")]
    public void Text_that_merely_mentions_headers_is_not_email(string text) => Assert.Equal("text", Identify.Text(text));
}
