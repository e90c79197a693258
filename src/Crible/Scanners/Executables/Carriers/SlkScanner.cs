using System.Text.RegularExpressions;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Executables.Carriers;

/// <summary>
/// SYLK spreadsheets: plain-text cells whose formulas (the ";E" field of "C" records) can be Excel 4.0 macros
/// (EXEC, CALL, REGISTER) or DDE links (=cmd|...), which Excel runs with fewer protections than in a workbook.
/// </summary>
public sealed partial class SlkScanner : IScanner
{
    private const int MaxEvidence = 10;

    public string Name => "slk";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == CarrierKinds.Slk;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var text = await CarrierText.ReadAsync(item, cancellation).ConfigureAwait(false);
        var formulas = FormulaPattern().Matches(text).Select(m => m.Groups[1].Value).ToList();
        var macros = formulas.Where(f => MacroPattern().IsMatch(f)).ToList();
        var dde = formulas.Where(f => DdePattern().IsMatch(f)).ToList();
        foreach (var formula in macros.Concat(dde))
        {
            CommandLines.RecordIndicators(context, formula);
        }

        if (macros.Count > 0)
        {
            context.Report("xlm-macro", Severity.Malicious, "The SYLK file runs Excel 4.0 macro functions that execute programs or native code", string.Join(" | ", macros.Take(MaxEvidence)), ["T1059", "T1204.002"]);
        }

        if (dde.Count > 0)
        {
            context.Report("dde-command", Severity.Malicious, "The SYLK file carries a DDE command", string.Join(" | ", dde.Take(MaxEvidence)), ["T1559.002"]);
        }

        if (formulas.Count > 0 && macros.Count == 0 && dde.Count == 0)
        {
            context.Report("formulas", Severity.Info, $"{formulas.Count} formulas", string.Join(" | ", formulas.Take(3)));
        }
    }

    [GeneratedRegex(@"^C;(?:[^;\r\n]*;)*?E([^\r\n]*)", RegexOptions.Multiline | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex FormulaPattern();

    [GeneratedRegex(@"(?i)\b(?:EXEC|CALL|REGISTER|RUN|SHELL)\s*\(", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex MacroPattern();

    [GeneratedRegex(@"(?i)(?:cmd|powershell|mshta|msexcel|rundll32)\s*\|", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DdePattern();
}
