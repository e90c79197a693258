namespace Crible.Tests.Identification;

/// <summary>Formats built on ZIP, told apart by their entries rather than by their name.</summary>
public sealed class ZipPackageDetectionTests
{
    private const string ContentTypes = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";

    public static TheoryData<byte[], string> Packages() => new()
    {
        { SampleFiles.Zip(("[Content_Types].xml", ContentTypes), ("_rels/.rels", "<r/>"), ("word/document.xml", "<w/>")), "docx" },
        { SampleFiles.Zip(("[Content_Types].xml", ContentTypes), ("xl/workbook.xml", "<w/>")), "xlsx" },
        { SampleFiles.Zip(("ppt/presentation.xml", "<p/>"), ("[Content_Types].xml", ContentTypes)), "pptx" },
        { SampleFiles.Zip(("[Content_Types].xml", ContentTypes), ("visio/document.xml", "<v/>")), "ooxml" },
        { SampleFiles.Zip([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<c/>")], storeFirst: true), "odf" },
        { SampleFiles.Zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("META-INF/manifest.xml", "<m/>"), ("content.xml", "<c/>")), "odf" },
        { SampleFiles.Zip(("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"), ("com/example/Main.class", "x")), "jar" },
        { SampleFiles.Zip(("com/example/Main.class", "x")), "jar" },
        { SampleFiles.Zip(("AndroidManifest.xml", "x"), ("classes.dex", "dex\n035"), ("META-INF/MANIFEST.MF", "x")), "apk" },
        { SampleFiles.Zip(("readme.txt", "hello"), ("docs/word/notes.txt", "x")), "zip" },
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void Zip_based_format_is_told_by_its_entries(byte[] package, string expectedKind) =>
        Assert.Equal(expectedKind, Identify.Bytes(package, "download.zip"));

    [Fact]
    public void A_pe_with_a_zip_appended_is_a_pe()
    {
        var exe = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.exe"));
        var docx = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.docx"));

        Assert.Equal("pe", Identify.Bytes(SampleFiles.Concat(exe, docx)));
    }

    [Fact]
    public void A_zip_behind_an_unknown_prefix_is_a_zip()
    {
        var prefix = new byte[5000];
        new Random(5).NextBytes(prefix);
        var zip = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.zip"));

        Assert.Equal("zip", Identify.Bytes(SampleFiles.Concat(prefix, zip)));
    }

    [Fact]
    public void An_image_with_a_zip_appended_stays_an_image()
    {
        var png = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test_qr.png"));
        var zip = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.zip"));

        Assert.Equal("png", Identify.Bytes(SampleFiles.Concat(png, zip)));
    }
}
