namespace Crible.Tests.Identification;

/// <summary>The name of a file is a claim by whoever sent it: identification must not change when it lies.</summary>
public sealed class RenamedFileTests
{
    public static TheoryData<string, string> LyingNames() => new()
    {
        { "test.exe", "invoice.pdf" },
        { "test.exe", "holiday.jpg" },
        { "test.pdf", "report.docx" },
        { "test.docx", "archive.zip" },
        { "test.zip", "document.docx" },
        { "test.doc", "notes.txt" },
        { "test.lnk", "photo.png" },
        { "test.js", "readme.txt" },
        { "test.bat", "script.ps1" },
        { "test.html", "mail.eml" },
        { "test.eml", "page.html" },
        { "test.png", "setup.exe" },
        { "test.rar", "backup.7z" },
        { "test.one", "meeting.pdf" },
        { "test.txt", "run.exe" },
    };

    [Theory]
    [MemberData(nameof(LyingNames))]
    public void Kind_does_not_change_when_the_extension_lies(string fixture, string lyingName)
    {
        var bytes = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", fixture));

        Assert.Equal(Identify.Bytes(bytes, fixture), Identify.Bytes(bytes, lyingName));
        Assert.Equal(CorpusExpectations.Strelka[fixture], Identify.Bytes(bytes, lyingName));
    }

    [Fact]
    public void A_file_without_any_extension_is_still_identified()
    {
        var bytes = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.exe"));

        Assert.Equal("pe", Identify.Bytes(bytes, "noextension"));
        Assert.Equal("pe", Identify.Bytes(bytes, string.Empty));
    }
}
