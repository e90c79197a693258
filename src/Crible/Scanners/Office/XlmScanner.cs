using System.Globalization;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Office.Vba;
using Crible.Scanners.Office.Xlm;

namespace Crible.Scanners.Office;

/// <summary>
/// Excel 4.0 (XLM) macros in BIFF8 workbooks: macro sheets and whether they are hidden, Auto_Open names, and the
/// functions their formulas call. A macro sheet that opens by itself (Auto_Open) and runs programs or native code
/// (EXEC, CALL, REGISTER) is malicious; a hidden macro sheet or those functions alone are suspicious. URLs in the
/// formulas' strings are indicators.
/// </summary>
public sealed class XlmScanner : IScanner
{
    private const int MaxEvidenceCells = 20;

    /// <summary>Function numbers (MS-XLS 2.5.198.17 Ftab) that run programs or load native code.</summary>
    private static readonly Dictionary<int, string> DangerousFunctions = new()
    {
        [110] = "EXEC",
        [149] = "REGISTER",
        [150] = "CALL",
        [267] = "REGISTER.ID",
    };

    public string Name => "xlm";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Xls;
    }

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        using var file = OleFiles.Open(item, context, reportFailure: false);
        if ((file?.Find("Workbook") ?? file?.Find("Book")) is not { IsStream: true } stream || OfficeEncryption.Describe(file!) is not null)
        {
            return ValueTask.CompletedTask;
        }

        var maxBytes = (int)Math.Min(context.Limits.MaxInMemoryBytes, Array.MaxLength);
        var info = BiffWorkbook.Read(file!.ReadStream(stream, maxBytes, out _));
        foreach (var problem in info.Problems.Take(5))
        {
            context.Incomplete($"xlm: {problem}");
        }

        Report(context, info);
        return ValueTask.CompletedTask;
    }

    private static void Report(ScanContext context, BiffMacroInfo info)
    {
        var macroSheets = info.Sheets.Where(s => s.IsMacroSheet).ToList();
        if (macroSheets.Count == 0)
        {
            return;
        }

        var sheetList = string.Join(", ", macroSheets.Select(s => $"{s.Name} ({s.State})"));
        context.Report("xlm-macro-sheet", Severity.Info, $"{macroSheets.Count} Excel 4.0 macro sheet(s)", sheetList);
        var hidden = macroSheets.Where(s => s.State is BiffSheetState.Hidden or BiffSheetState.VeryHidden).ToList();
        if (hidden.Count > 0)
        {
            context.Report("xlm-hidden-macro-sheet", Severity.Suspicious, "Excel 4.0 macro sheet hidden from the user", string.Join(", ", hidden.Select(s => $"{s.Name} ({s.State})")), ["T1564"]);
        }

        var autoOpen = info.Names.Where(n => n.Name.StartsWith("Auto_Open", StringComparison.OrdinalIgnoreCase) || n.Name.StartsWith("Auto_Activate", StringComparison.OrdinalIgnoreCase)).ToList();
        var dangerous = macroSheets.SelectMany(s => s.Formulas.Select(f => (Sheet: s, Formula: f)))
            .Where(c => c.Formula.Tokens.Functions.Any(DangerousFunctions.ContainsKey)).ToList();
        var evidence = string.Join('\n', dangerous.Take(MaxEvidenceCells).Select(c => Cell(c.Sheet, c.Formula)));
        if (autoOpen.Count > 0 && dangerous.Count > 0)
        {
            context.Report("xlm-auto-exec-payload", Severity.Malicious, "Excel 4.0 macro that runs on opening and starts programs or native code",
                $"names: {string.Join(", ", autoOpen.Select(n => n.Name))}\n{evidence}", ["T1204.002", "T1059"]);
        }
        else if (dangerous.Count > 0)
        {
            context.Report("xlm-execute", Severity.Suspicious, "Excel 4.0 macro that can start programs or native code", evidence, ["T1059"]);
        }
        else if (autoOpen.Count > 0)
        {
            context.Report("xlm-auto-open", Severity.Suspicious, "Excel 4.0 macro that runs on opening", string.Join(", ", autoOpen.Select(n => n.Name)), ["T1204.002"]);
        }

        var strings = macroSheets.SelectMany(s => s.Formulas).SelectMany(f => f.Tokens.Strings).ToList();
        VbaFindings.ReportUrls(context, strings);
        if (strings.Count > 0)
        {
            context.Report("xlm-strings", Severity.Info, $"{strings.Count} string constant(s) in the macro formulas", string.Join('\n', strings.Distinct().Take(MaxEvidenceCells)));
        }
    }

    private static string Cell(BiffSheet sheet, BiffFormula formula)
    {
        var calls = string.Join(", ", formula.Tokens.Functions.Where(DangerousFunctions.ContainsKey).Select(f => DangerousFunctions[f]).Distinct());
        var arguments = string.Join(" ", formula.Tokens.Strings.Select(s => $"\"{s}\""));
        return string.Create(CultureInfo.InvariantCulture, $"{sheet.Name}!R{formula.Row + 1}C{formula.Column + 1}: {calls} {arguments}").TrimEnd();
    }
}
