using Crible.Identification;
using Crible.Pipeline;

namespace Crible.Scanners.Scripts;

/// <summary>The script languages the static rules know, with the ATT&amp;CK technique of their interpreter.</summary>
public enum ScriptDialect
{
    JavaScript,
    VbScript,
    PowerShell,
    Batch,
    Shell,
    Python,
    Perl,
}

/// <summary>Which dialect a file is written in: its identified kind, or, for plain text that a container named
/// (a PDF's <c>obj7.js</c>, a decoded <c>.ps1</c>), the extension of that name.</summary>
public static class ScriptLanguage
{
    public static ScriptDialect? Of(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var kind = item.Kind;
        if (kind == FileKinds.JavaScript)
        {
            return ScriptDialect.JavaScript;
        }

        if (kind == FileKinds.VbScript)
        {
            return ScriptDialect.VbScript;
        }

        if (kind == FileKinds.PowerShell)
        {
            return ScriptDialect.PowerShell;
        }

        if (kind == FileKinds.Batch)
        {
            return ScriptDialect.Batch;
        }

        if (kind == FileKinds.Shell)
        {
            return ScriptDialect.Shell;
        }

        if (kind == FileKinds.Python)
        {
            return ScriptDialect.Python;
        }

        if (kind == FileKinds.Perl)
        {
            return ScriptDialect.Perl;
        }

        return kind == FileKinds.Text ? FromExtension(item.Extension) : null;
    }

    public static ScriptDialect? FromExtension(string extension) => extension switch
    {
        "js" or "jse" or "mjs" => ScriptDialect.JavaScript,
        "vbs" or "vbe" or "vba" or "bas" => ScriptDialect.VbScript,
        "ps1" or "psm1" or "psd1" => ScriptDialect.PowerShell,
        "bat" or "cmd" => ScriptDialect.Batch,
        "sh" or "bash" or "ksh" or "zsh" => ScriptDialect.Shell,
        "py" or "pyw" => ScriptDialect.Python,
        "pl" or "pm" => ScriptDialect.Perl,
        _ => null,
    };

    /// <summary>T1059's sub-technique for the dialect's interpreter (Perl has none of its own).</summary>
    public static string Technique(ScriptDialect dialect) => dialect switch
    {
        ScriptDialect.PowerShell => "T1059.001",
        ScriptDialect.Batch => "T1059.003",
        ScriptDialect.Shell => "T1059.004",
        ScriptDialect.VbScript => "T1059.005",
        ScriptDialect.Python => "T1059.006",
        ScriptDialect.JavaScript => "T1059.007",
        _ => "T1059",
    };
}
