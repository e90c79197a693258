using System.Security.Cryptography;
using System.Text;
using Crible.Model;
using Crible.Tests.Scanners.Mail;

namespace Crible.Tests.Scanners.Web;

public sealed class WebPayloadTests
{
    private static readonly byte[] Archive = TestZip.Create(System.IO.Compression.CompressionLevel.NoCompression, ("readme.txt", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("smuggled archive member ", 200)))));

    [Fact]
    public async Task A_program_in_a_data_URI_is_decoded()
    {
        var path = TestPaths.ClamAvTestFile("clam.exe.html");
        if (!File.Exists(path))
        {
            return;
        }

        var report = await TestEngine.Default.AnalyseFileAsync(path);

        var program = Assert.Single(report.Nodes, n => n.Sha256 == ClamAvContainerTests.ClamExeSha256);
        Assert.Equal("clam.exe.html/data-uri-1.exe", program.Path);
        Assert.Equal(Relation.Decoded, program.Relation);
    }

    [Fact]
    public async Task Data_URIs_in_attributes_and_styles_are_decoded_with_their_media_types()
    {
        var html = $$"""
            <html><head><style>body { background: url(data:application/zip;base64,{{Convert.ToBase64String(Archive)}}) }</style></head>
            <body><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
            <iframe src="data:text/html,%3Cscript%3Ealert(1)%3C%2Fscript%3E"></iframe></body></html>
            """;

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(html), "page.html");

        var archive = Assert.Single(report.Nodes, n => n.Sha256 == Sha256(Archive));
        Assert.Equal("zip", archive.Kind);
        Assert.Contains(report.Nodes, n => n.Path == $"page.html/{archive.Name}/readme.txt");
        Assert.Contains(report.Nodes, n => n.Name.EndsWith(".gif", StringComparison.Ordinal));
        var frame = Assert.Single(report.Nodes, n => n.Name.EndsWith(".html", StringComparison.Ordinal) && n.Parent == 0);
        Assert.Equal(Sha256(Encoding.ASCII.GetBytes("<script>alert(1)</script>")), frame.Sha256);
    }

    [Fact]
    public async Task An_archive_smuggled_in_a_script_string_is_decoded()
    {
        var encoded = Convert.ToBase64String(Archive);
        var half = encoded.Length / 2;
        var html = $"""
            <html><body><script>
            var blob = "{encoded[..half]}" +
                       "{encoded[half..]}";
            var bytes = Uint8Array.from(atob(blob), c => c.charCodeAt(0));
            </script></body></html>
            """;

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(html), "invoice.html");

        var archive = Assert.Single(report.Nodes, n => n.Sha256 == Sha256(Archive));
        Assert.Equal(Relation.Decoded, archive.Relation);
        Assert.EndsWith(".zip", archive.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_argument_of_atob_is_decoded_when_it_is_text()
    {
        var script = "document.write('<iframe src=\"https://example.invalid/\"></iframe>');";
        var js = $"eval(atob('{Convert.ToBase64String(Encoding.ASCII.GetBytes(script))}'));\n";

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(js), "loader.js");

        var decoded = Assert.Single(report.Nodes, n => n.Name.StartsWith("atob@", StringComparison.Ordinal));
        Assert.Equal(Sha256(Encoding.ASCII.GetBytes(script)), decoded.Sha256);
    }

    [Fact]
    public async Task Long_Base64_strings_of_no_known_format_and_short_ones_are_left_alone()
    {
        var html = $"""
            <html><body><script>
            var noise = "{Convert.ToBase64String(RandomNumberGenerator.GetBytes(4096))}";
            var id = "QUJDREVGR0g=";
            </script></body></html>
            """;

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(html), "page.html");

        Assert.Single(report.Nodes);
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Theory]
    [InlineData("test.html")]
    [InlineData("test_whitespace.html")]
    [InlineData("test_hyperlinks.html")]
    [InlineData("test.js")]
    public async Task Strelka_pages_and_scripts_stay_clean(string name)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", name));

        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
