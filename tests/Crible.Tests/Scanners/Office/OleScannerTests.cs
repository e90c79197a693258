using Crible.Model;
using Crible.Scanners.Office.Ole;

namespace Crible.Tests.Scanners.Office;

public sealed class OleScannerTests
{
    [Fact]
    public async Task The_ClamAV_test_program_packaged_in_a_Word_document_is_found_with_its_paths()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam.ole.doc"));

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var program = OfficeTestFiles.ClamExeNode(report);
        Assert.Equal("clam.ole.doc/ObjectPool/_1279313719/clam.exe", program.Path);
        Assert.Equal(Relation.Embedded, program.Relation);
        var package = Assert.Single(report.Nodes[program.Parent!.Value].Findings, f => f.Id == "ole-package");
        Assert.Equal(Severity.Suspicious, package.Severity);
        Assert.Equal(@"C:\clam.exe", package.Meta["original_path"]);
        Assert.Equal(@"C:\clam.exe", package.Meta["temporary_path"]);
    }

    [Fact]
    public async Task Streams_are_emitted_by_storage_path_and_embedded_objects_as_files_of_their_own()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam.ole.doc"));

        var children = report.Nodes.Where(n => n.Parent == 0).ToList();
        Assert.Equal(["Data", "ObjectPool/_1279313719"], children.Select(n => n.Name));
        Assert.All(children, n => Assert.Equal(Relation.Embedded, n.Relation));
        var embedded = children.Single(n => n.Name == "ObjectPool/_1279313719");
        Assert.Equal("ole2", embedded.Kind);
        Assert.Equal(["clam.exe"], report.Nodes.Where(n => n.Parent == report.Nodes.ToList().IndexOf(embedded)).Select(n => n.Name));
    }

    [Fact]
    public async Task Control_characters_in_stream_names_are_written_as_escapes()
    {
        var builder = new CompoundFileBuilder();
        builder.AddStream("\u0001Ole", OfficeTestFiles.Pattern(60, 14));
        builder.AddStream("\u0002Odd\u001Fname", OfficeTestFiles.Pattern(30, 15));

        var report = await TestEngine.Default.AnalyseAsync(builder.ToArray(), "names.ole");

        Assert.Equal([@"\u0001Ole", @"\u0002Odd\u001Fname"], report.Nodes.Where(n => n.Parent == 0).Select(n => n.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Streams_the_directory_hides_are_emitted_as_unlinked()
    {
        var builder = new CompoundFileBuilder();
        builder.AddStream("visible", OfficeTestFiles.Pattern(10, 16));
        builder.AddStream("hidden", OfficeTestFiles.ClamExe);
        var bytes = builder.ToArray();
        var visible = OfficeTestFiles.Entry(bytes, "visible");
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(OfficeTestFiles.DirectoryEntryOffset(bytes, 0) + 76), (uint)visible.Id);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(OfficeTestFiles.DirectoryEntryOffset(bytes, visible.Id) + 68), ulong.MaxValue);

        var report = await TestEngine.Default.AnalyseAsync(bytes, "hiding.ole");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Equal("hiding.ole/(unlinked)/hidden", OfficeTestFiles.ClamExeNode(report).Path);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "unlinked-streams" && f.Evidence == "hidden");
    }

    [Fact]
    public async Task An_object_pool_package_in_a_Strelka_fixture_yields_its_program()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test_pe_object.doc"));

        var program = Assert.Single(report.Nodes, n => n.Name == "test.exe");
        Assert.Equal("pe", program.Kind);
        Assert.Equal("test_pe_object.doc/ObjectPool/_1735466229/test.exe", program.Path);
        var package = Assert.Single(report.Nodes[program.Parent!.Value].Findings, f => f.Id == "ole-package");
        Assert.EndsWith(@"\Temp\1\{5F3507A2-E8EE-4335-84F4-3A6EF36B7DC1}\test.exe", package.Meta["temporary_path"], StringComparison.Ordinal);
        Assert.DoesNotContain(report.Nodes, n => n.Incomplete.Any(r => r.StartsWith("ole", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("test.doc", "doc")]
    [InlineData("test.xls", "xls")]
    [InlineData("test_classic.doc", "doc")]
    [InlineData("test_pe_object_classic.doc", "doc")]
    public async Task Office_fixtures_are_read_whole(string name, string kind)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", name));

        Assert.Equal(kind, report.File.Kind);
        Assert.Equal(Verdict.Clean, report.Verdict);
        Assert.Contains(report.Nodes, n => n.Parent == 0);
    }

    [Fact]
    public async Task An_Excel_macro_project_is_emitted_stream_by_stream_and_the_workbook_records_are_not()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.xls"));

        Assert.Contains(report.Nodes, n => n.Name == "_VBA_PROJECT_CUR/VBA/dir");
        Assert.Contains(report.Nodes, n => n.Name == "_VBA_PROJECT_CUR/VBA/Module1");
        Assert.DoesNotContain(report.Nodes, n => n.Name == "Workbook");
    }

    [Theory]
    [InlineData("test_password.doc", "Word document protected by RC4 CryptoAPI encryption")]
    [InlineData("test_password_brute.doc", "Word document protected by RC4 encryption")]
    [InlineData("test_password.docx", "OOXML package protected by Agile (AES) encryption")]
    [InlineData("test_password_brute.docx", "OOXML package protected by Standard (AES) encryption")]
    public async Task An_encrypted_document_is_unanalysable_with_the_reason(string name, string how)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", name));

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        var reason = Assert.Single(report.Nodes[0].Incomplete, r => r.StartsWith($"encrypted: {how} (", StringComparison.Ordinal));
        Assert.EndsWith("no known password opens it (6 tried: 'VelvetSweatshop', 'infected', 'virus', 'malware', 'password', '123456')", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encrypted_workbook_is_told_by_its_FILEPASS_record()
    {
        var builder = new CompoundFileBuilder();
        // BOF, then FILEPASS (RC4 CryptoAPI: type 1, version 4.2), then EOF.
        byte[] workbook = [0x09, 0x08, 0x04, 0x00, 0x00, 0x06, 0x05, 0x00, 0x2F, 0x00, 0x06, 0x00, 0x01, 0x00, 0x04, 0x00, 0x02, 0x00, 0x0A, 0x00, 0x00, 0x00];
        builder.AddStream("Workbook", workbook);

        var report = await TestEngine.Default.AnalyseAsync(builder.ToArray(), "book.xls");

        Assert.Equal("xls", report.File.Kind);
        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains("encrypted: Excel workbook protected by RC4 CryptoAPI encryption; the encryption data is damaged (4 bytes needed at offset 6, 0 left)", report.Nodes[0].Incomplete);
    }

    [Theory]
    [InlineData("test.doc", "1Table/package@9B4.zip")]
    [InlineData("test.xls", "Workbook/package@2EED.zip")]
    public async Task Office_theme_packages_come_out_of_the_record_streams_whole(string name, string package)
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", name));

        var node = Assert.Single(report.Nodes, n => n.Parent == 0 && n.Name == package);
        Assert.Equal("ooxml", node.Kind);
        Assert.Contains(report.Nodes, n => n.Path.EndsWith(package + "/theme/theme/theme1.xml", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Nodes, n => n.Name is "WordDocument" or "1Table" or "Workbook");
    }

    [Fact]
    public async Task An_installer_is_left_to_7_Zip()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("strelka-fixtures", "test.msi"));

        Assert.Equal("msi", report.File.Kind);
        Assert.DoesNotContain(report.Nodes, n => n.Parent == 0 && n.Relation == Relation.Embedded);
    }

    [Fact]
    public async Task A_built_document_with_a_package_and_an_embedded_workbook_gives_both()
    {
        var native = OfficeTestFiles.PackageNativeData("invoice.pdf", @"C:\Users\a\invoice.pdf.exe", @"C:\Users\a\AppData\Local\Temp\invoice.pdf.exe", OfficeTestFiles.ClamExe);
        var inner = new CompoundFileBuilder { RootClsid = new Guid("00020820-0000-0000-C000-000000000046") };
        inner.AddStream("Workbook", OfficeTestFiles.Pattern(5000, 11));
        var builder = new CompoundFileBuilder();
        builder.AddStream("WordDocument", OfficeTestFiles.Pattern(600, 12));
        builder.AddStream("1Table", (byte[])[.. OfficeTestFiles.Pattern(100, 17), .. TestZip.Create(("theme/theme1.xml", "<a:theme/>"u8.ToArray())), .. OfficeTestFiles.Pattern(300, 18)]);
        builder.AddStream("ObjectPool/_1/\u0001Ole10Native", OfficeTestFiles.Ole10Native(native));
        builder.AddStream("ObjectPool/_2/Package", TestZip.Create(("readme.txt", "hello"u8.ToArray())));
        builder.AddStream("ObjectPool/_3/CONTENTS", inner.ToArray());

        var report = await TestEngine.Default.AnalyseAsync(builder.ToArray(), "built.doc");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        var program = OfficeTestFiles.ClamExeNode(report);
        Assert.Equal("built.doc/ObjectPool/_1/invoice.pdf.exe", program.Path);
        Assert.Contains(report.Nodes, n => n.Path == "built.doc/ObjectPool/_2/Package/readme.txt");
        Assert.Equal("xls", Assert.Single(report.Nodes, n => n.Path == "built.doc/ObjectPool/_3/CONTENTS").Kind);
        Assert.DoesNotContain(report.Nodes, n => n.Path == "built.doc/ObjectPool/_3/CONTENTS/Workbook");
        Assert.Contains(report.Nodes, n => n.Path == "built.doc/1Table/package@64.zip/theme/theme1.xml");
        var package = Assert.Single(report.Nodes[program.Parent!.Value].Findings, f => f.Id == "ole-package");
        Assert.Contains(@"temporary path: C:\Users\a\AppData\Local\Temp\invoice.pdf.exe", package.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_compound_file_is_unanalysable_with_the_reader_s_reason()
    {
        var builder = new CompoundFileBuilder();
        builder.AddStream("Data", OfficeTestFiles.Pattern(5000, 13));
        var bytes = builder.ToArray();
        var entry = OfficeTestFiles.Entry(bytes, "Data");
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(OfficeTestFiles.FatEntryOffset(bytes, entry.StartSector + 2)), entry.StartSector);

        var report = await TestEngine.Default.AnalyseAsync(bytes, "loop.doc");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith("ole: Data: 1536 of 5000 bytes readable", StringComparison.Ordinal));
        Assert.Equal(1536, Assert.Single(report.Nodes, n => n.Name == "Data").Size);
    }
}
