using System.Globalization;
using Crible.Identification;
using Crible.Pipeline;
using Crible.Scanners.Office.Xlm;

namespace Crible.Scanners.Office;

/// <summary>
/// Excel 4.0 (XLM) macros in BIFF8 workbooks: macro sheets and whether they are hidden, Auto_Open names, and the
/// functions their formulas call. A macro sheet that opens by itself (Auto_Open) and runs programs or native code
/// (EXEC, CALL, REGISTER) is malicious; a hidden macro sheet or those functions alone are suspicious. URLs in the
/// formulas' strings are indicators. The classification is shared with the OOXML scanner (<see cref="XlmClassifier"/>).
/// </summary>
public sealed class XlmScanner : IScanner
{
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
        var sheets = info.Sheets.Select(s => new XlmSheet(s.Name, s.State.ToString(), s.IsMacroSheet)).ToList();
        var cells = info.Sheets.Where(s => s.IsMacroSheet)
            .SelectMany(s => s.Formulas.Select(f => new XlmCell(
                s.Name,
                string.Create(CultureInfo.InvariantCulture, $"R{f.Row + 1}C{f.Column + 1}"),
                [.. f.Tokens.Functions.Select(XlmFunctionNames.OfToken).Where(XlmClassifier.DangerousFunctions.Contains).Distinct()],
                f.Tokens.Strings)))
            .ToList();
        XlmClassifier.Report(context, sheets, [.. info.Names.Select(n => n.Name)], cells);
    }
}
