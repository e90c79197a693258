using System.Text;

namespace Crible.Scanners.Office.Vba;

/// <summary>
/// VBA stomping: Office runs the compiled p-code kept before the source in each module stream (and the identifiers
/// of _VBA_PROJECT) when the version matches, so a tool can leave dangerous p-code and replace the source with
/// something harmless, or remove it. Without a p-code disassembler, the check compares what can be read of the
/// p-code (its literal strings and identifiers, as 8-bit text) with the source: a module with p-code and no
/// source, or dangerous names in the p-code that the source never mentions.
/// </summary>
public static class VbaStomping
{
    /// <summary>Below this, a module's performance cache holds nothing but its fixed header.</summary>
    private const int MinMeaningfulPCode = 256;
    private const int MinRunLength = 4;

    private static readonly string[] AutoExecNames =
    [
        "AutoOpen", "Auto_Open", "AutoExec", "AutoClose", "Auto_Close", "Document_Open", "DocumentOpen", "Document_Close", "Workbook_Open",
    ];

    private static readonly string[] DangerousNames =
    [
        "Shell", "WScript.Shell", "ShellExecute", "URLDownloadToFile", "XMLHTTP", "ADODB.Stream", "powershell", "cmd.exe", "mshta",
        "Win32_Process", "CreateThread", "VirtualAlloc", "RtlMoveMemory", "http://", "https://",
    ];

    public static VbaStompingResult Check(VbaProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var source = string.Join('\n', project.Modules.Select(m => m.Source));
        var compiled = string.Join('\n', project.Modules.Select(m => PrintableRuns(m.PCode)).Append(PrintableRuns(project.PerformanceCache)));
        var stripped = project.Modules.Where(m => m.SourceMissing && m.PCode.Length >= MinMeaningfulPCode).Select(m => m.Name).ToList();
        var hidden = DangerousNames.Where(n => Mentions(compiled, n) && !source.Contains(n, StringComparison.OrdinalIgnoreCase)).ToList();
        var hiddenAutoExec = AutoExecNames.Where(n => Mentions(compiled, n)).ToList();
        return new VbaStompingResult(stripped, hidden, hiddenAutoExec);
    }

    /// <summary>True when <paramref name="name"/> appears as a whole word in the text.</summary>
    private static bool Mentions(string text, string name)
    {
        for (var index = text.IndexOf(name, StringComparison.OrdinalIgnoreCase); index >= 0; index = text.IndexOf(name, index + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            var end = index + name.Length;
            var after = end == text.Length || !char.IsLetterOrDigit(text[end]) || name.EndsWith('/');
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The runs of printable 8-bit characters (identifiers and string literals), one per line.</summary>
    private static string PrintableRuns(byte[] bytes)
    {
        var builder = new StringBuilder();
        var start = -1;
        for (var i = 0; i <= bytes.Length; i++)
        {
            var printable = i < bytes.Length && bytes[i] is >= 0x20 and < 0x7F;
            if (printable && start < 0)
            {
                start = i;
            }
            else if (!printable && start >= 0)
            {
                if (i - start >= MinRunLength)
                {
                    builder.Append(Encoding.Latin1.GetString(bytes, start, i - start)).Append('\n');
                }

                start = -1;
            }
        }

        return builder.ToString();
    }
}

/// <summary>What the p-code shows that the source does not.</summary>
/// <param name="StrippedModules">Modules with compiled code and no source.</param>
/// <param name="HiddenNames">Dangerous names in the p-code that no module's source mentions.</param>
/// <param name="CompiledAutoExec">Auto-exec procedure names in the p-code.</param>
public sealed record VbaStompingResult(IReadOnlyList<string> StrippedModules, IReadOnlyList<string> HiddenNames, IReadOnlyList<string> CompiledAutoExec)
{
    public bool Found => StrippedModules.Count > 0 || HiddenNames.Count > 0;
}
