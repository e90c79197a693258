using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Office.Vba;

namespace Crible.Scanners.Office.Xlm;

/// <summary>A sheet of a workbook, as both BIFF8 and OOXML describe it.</summary>
/// <param name="State">Visible, Hidden or VeryHidden (any case).</param>
public sealed record XlmSheet(string Name, string State, bool IsMacroSheet)
{
    public bool IsHidden => State.Equals("hidden", StringComparison.OrdinalIgnoreCase) || State.Equals("veryHidden", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A formula cell of a macro sheet: where it is, the dangerous functions it calls, its string constants.</summary>
/// <param name="Formula">The formula's text, when the reader rebuilt it from binary tokens.</param>
public sealed record XlmCell(string Sheet, string Reference, IReadOnlyList<string> Calls, IReadOnlyList<string> Strings, string? Formula = null);

/// <summary>
/// Classifies Excel 4.0 macros the same way whatever the workbook's format: a macro sheet that opens by itself
/// (Auto_Open, Auto_Activate) and runs programs or native code (EXEC, CALL, REGISTER) is malicious; a hidden macro
/// sheet or those functions alone are suspicious. URLs in the formulas' strings are indicators.
/// </summary>
public static class XlmClassifier
{
    public const int MaxEvidenceCells = 20;

    /// <summary>The functions that run programs or load native code.</summary>
    public static readonly IReadOnlySet<string> DangerousFunctions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "EXEC", "REGISTER", "CALL", "REGISTER.ID" };

    public static bool IsAutoOpenName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bare = name.StartsWith("_xlnm.", StringComparison.OrdinalIgnoreCase) ? name[6..] : name;
        return bare.StartsWith("Auto_Open", StringComparison.OrdinalIgnoreCase) || bare.StartsWith("Auto_Activate", StringComparison.OrdinalIgnoreCase);
    }

    public static void Report(ScanContext context, IReadOnlyList<XlmSheet> sheets, IReadOnlyList<string> names, IReadOnlyList<XlmCell> cells)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sheets);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(cells);
        var macroSheets = sheets.Where(s => s.IsMacroSheet).ToList();
        if (macroSheets.Count == 0)
        {
            return;
        }

        var sheetList = string.Join(", ", macroSheets.Select(s => $"{s.Name} ({s.State})"));
        context.Report("xlm-macro-sheet", Severity.Info, $"{macroSheets.Count} Excel 4.0 macro sheet(s)", sheetList);
        var hidden = macroSheets.Where(s => s.IsHidden).ToList();
        if (hidden.Count > 0)
        {
            context.Report("xlm-hidden-macro-sheet", Severity.Suspicious, "Excel 4.0 macro sheet hidden from the user", string.Join(", ", hidden.Select(s => $"{s.Name} ({s.State})")), ["T1564"]);
        }

        var autoOpen = names.Where(IsAutoOpenName).ToList();
        var dangerous = cells.Where(c => c.Calls.Count > 0).ToList();
        var evidence = string.Join('\n', dangerous.Take(MaxEvidenceCells).Select(Describe));
        if (autoOpen.Count > 0 && dangerous.Count > 0)
        {
            context.Report("xlm-auto-exec-payload", Severity.Malicious, "Excel 4.0 macro that runs on opening and starts programs or native code",
                $"names: {string.Join(", ", autoOpen)}\n{evidence}", ["T1204.002", "T1059"]);
        }
        else if (dangerous.Count > 0)
        {
            context.Report("xlm-execute", Severity.Suspicious, "Excel 4.0 macro that can start programs or native code", evidence, ["T1059"]);
        }
        else if (autoOpen.Count > 0)
        {
            context.Report("xlm-auto-open", Severity.Suspicious, "Excel 4.0 macro that runs on opening", string.Join(", ", autoOpen), ["T1204.002"]);
        }

        var strings = cells.SelectMany(c => c.Strings).ToList();
        VbaFindings.ReportUrls(context, strings);
        if (strings.Count > 0)
        {
            context.Report("xlm-strings", Severity.Info, $"{strings.Count} string constant(s) in the macro formulas", string.Join('\n', strings.Distinct().Take(MaxEvidenceCells)));
        }
    }

    private static string Describe(XlmCell cell)
    {
        var arguments = string.Join(" ", cell.Strings.Select(s => $"\"{s}\""));
        var formula = cell.Formula is null ? string.Empty : $" | {cell.Formula}";
        return $"{cell.Sheet}!{cell.Reference}: {string.Join(", ", cell.Calls)} {arguments}".TrimEnd() + formula;
    }
}
