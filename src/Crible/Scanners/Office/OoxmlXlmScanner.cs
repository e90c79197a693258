using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Crible.Identification;
using Crible.Pipeline;
using Crible.Scanners.Office.Xlm;

namespace Crible.Scanners.Office;

/// <summary>
/// Excel 4.0 (XLM) macros in Excel 2007+ packages: the sheets of the workbook part whose relationship is a macro
/// sheet, their state (hidden, veryHidden), the defined names (Auto_Open, <c>_xlnm.Auto_Open</c>) and the functions
/// the macro sheets' formulas call, classified as the BIFF8 <c>xlm</c> scanner does (<see cref="XlmClassifier"/>).
/// XML packages give <c>xl/workbook.xml</c> and the <c>&lt;f&gt;</c> formulas of <c>xl/macrosheets/*.xml</c>; XLSB
/// packages give <c>xl/workbook.bin</c> (<see cref="XlsbWorkbook"/>) and the BIFF12 formulas of
/// <c>xl/macrosheets/*.bin</c> (<see cref="XlsbMacroSheet"/>), whose rebuilt text is the evidence. The package is
/// opened here (not part by part) because the name that opens a sheet and the sheet are in two parts; each part is
/// read at most <see cref="MaxPartBytes"/> bytes.
/// </summary>
public sealed partial class OoxmlXlmScanner : IScanner
{
    public const int MaxPartBytes = 16 * 1024 * 1024;
    public const int MaxMacroSheets = 64;
    public const int MaxCells = 100_000;
    private const string MacroSheetRelationship = "macrosheet";

    public string Name => "xlm-ooxml";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Xlsx || item.Kind == FileKinds.Ooxml;
    }

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            using var stream = item.Data.OpenRead();
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            Scan(zip, context, cancellation);
        }
        catch (Exception exception) when (exception is InvalidDataException or XmlException or IOException or RegexMatchTimeoutException)
        {
            context.Incomplete($"xlm-ooxml: the workbook could not be read ({exception.Message})");
        }

        return ValueTask.CompletedTask;
    }

    private static void Scan(ZipArchive zip, ScanContext context, CancellationToken cancellation)
    {
        var macroParts = zip.Entries.Where(e => e.FullName.StartsWith("xl/macrosheets/", StringComparison.OrdinalIgnoreCase) && !e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)).Take(MaxMacroSheets).ToList();
        if (macroParts.Count == 0)
        {
            return;
        }

        var targets = Relationships(zip.GetEntry("xl/_rels/workbook.xml.rels") ?? zip.GetEntry("xl/_rels/workbook.bin.rels"));
        var sheets = new List<XlmSheet>();
        var names = new List<string>();
        var macroSheetNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (zip.GetEntry("xl/workbook.xml") is { } workbook)
        {
            ReadWorkbook(workbook, targets, sheets, names, macroSheetNames);
        }
        else if (zip.GetEntry("xl/workbook.bin") is { } binary)
        {
            ReadBinaryWorkbook(Read(binary), targets, sheets, names, macroSheetNames, context);
        }

        var cells = new List<XlmCell>();
        var problems = new List<string>();
        foreach (var part in macroParts)
        {
            cancellation.ThrowIfCancellationRequested();
            var sheet = macroSheetNames.TryGetValue(part.FullName, out var name) ? name : part.Name;
            if (!sheets.Any(s => s.Name == sheet))
            {
                sheets.Add(new XlmSheet(sheet, "Visible", IsMacroSheet: true));
            }

            if (part.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            {
                ReadFormulas(part, sheet, cells);
            }
            else if (part.FullName.EndsWith(".bin", StringComparison.OrdinalIgnoreCase))
            {
                cells.AddRange(XlsbMacroSheet.Read(Read(part), names, MaxCells - cells.Count, problems).Select(f => new XlmCell(
                    sheet, f.Reference, [.. f.Formula.Calls.Where(XlmClassifier.DangerousFunctions.Contains).Distinct()], f.Formula.Strings, f.Formula.Text)));
            }
        }

        foreach (var problem in problems.Take(5))
        {
            context.Incomplete($"xlm-ooxml: {problem}");
        }

        XlmClassifier.Report(context, sheets, names, cells);
    }

    /// <summary>Relationship id to part path (under xl/) for the workbook's macro sheets.</summary>
    private static Dictionary<string, string> Relationships(ZipArchiveEntry? rels)
    {
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (rels is null)
        {
            return targets;
        }

        using var reader = Xml(rels);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                && reader.GetAttribute("Type") is { } type && type.EndsWith(MacroSheetRelationship, StringComparison.OrdinalIgnoreCase)
                && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target)
            {
                targets[id] = target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
            }
        }

        return targets;
    }

    private static void ReadWorkbook(ZipArchiveEntry workbook, Dictionary<string, string> targets, List<XlmSheet> sheets, List<string> names, Dictionary<string, string> macroSheetNames)
    {
        using var reader = Xml(workbook);
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.LocalName == "sheet" && reader.GetAttribute("name") is { } name)
            {
                var id = reader.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
                var isMacro = false;
                if (id is not null && targets.TryGetValue(id, out var part))
                {
                    macroSheetNames[part] = name;
                    isMacro = true;
                }

                sheets.Add(new XlmSheet(name, reader.GetAttribute("state") ?? "Visible", isMacro));
            }
            else if (reader.LocalName == "definedName" && reader.GetAttribute("name") is { } definedName)
            {
                names.Add(definedName);
            }
        }
    }

    /// <summary>
    /// The sheets and names of <c>xl/workbook.bin</c>. When its records are damaged, Auto_Open names are also looked
    /// for in its text (BIFF12 strings are UTF-16 at any byte offset: both alignments are searched).
    /// </summary>
    private static void ReadBinaryWorkbook(byte[] bytes, Dictionary<string, string> targets, List<XlmSheet> sheets, List<string> names, Dictionary<string, string> macroSheetNames, ScanContext context)
    {
        var workbook = XlsbWorkbook.Read(bytes);
        foreach (var sheet in workbook.Sheets)
        {
            var isMacro = sheet.RelationshipId is { } id && targets.TryGetValue(id, out var part) && macroSheetNames.TryAdd(part, sheet.Name);
            sheets.Add(new XlmSheet(sheet.Name, sheet.State, isMacro));
        }

        names.AddRange(workbook.Names);
        if (workbook.Problems.Count > 0)
        {
            var text = Encoding.Unicode.GetString(bytes) + "\n" + Encoding.Unicode.GetString(bytes.AsSpan(Math.Min(1, bytes.Length)));
            names.AddRange(AutoOpenInBinary().Matches(text).Select(m => m.Value).Distinct().Where(n => !names.Contains(n)));
            context.Incomplete($"xlm-ooxml: xl/workbook.bin: {workbook.Problems[0]}");
        }
    }

    /// <summary>Each &lt;c&gt; cell's &lt;f&gt; formula: the dangerous functions it calls and its string constants.</summary>
    private static void ReadFormulas(ZipArchiveEntry part, string sheet, List<XlmCell> cells)
    {
        using var reader = Xml(part);
        string reference = "?";
        while (reader.Read() && cells.Count < MaxCells)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.LocalName == "c")
            {
                reference = reader.GetAttribute("r") ?? "?";
            }
            else if (reader.LocalName == "f")
            {
                var formula = reader.ReadElementContentAsString();
                var calls = FunctionCall().Matches(formula).Select(m => m.Groups[1].Value.ToUpperInvariant()).Where(XlmClassifier.DangerousFunctions.Contains).Distinct().ToList();
                var strings = StringConstant().Matches(formula).Select(m => m.Groups[1].Value.Replace("\"\"", "\"", StringComparison.Ordinal)).ToList();
                cells.Add(new XlmCell(sheet, reference, calls, strings));
            }
        }
    }

    private static XmlReader Xml(ZipArchiveEntry entry) =>
        XmlReader.Create(new MemoryStream(Read(entry), writable: false), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });

    /// <summary>A part's bytes, at most <see cref="MaxPartBytes"/>.</summary>
    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < MaxPartBytes && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, MaxPartBytes - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [GeneratedRegex(@"([A-Za-z][A-Za-z0-9_.]*)\s*\(", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FunctionCall();

    [GeneratedRegex("\"((?:[^\"]|\"\")*)\"", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StringConstant();

    [GeneratedRegex(@"(_xlnm\.)?Auto_(Open|Activate)\w*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AutoOpenInBinary();
}
