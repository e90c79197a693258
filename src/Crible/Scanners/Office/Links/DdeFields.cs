using System.Text.RegularExpressions;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Office.Links;

/// <summary>
/// Dynamic Data Exchange field codes (<c>DDEAUTO c:\\windows\\system32\\cmd.exe "/k powershell ..."</c>) in Word,
/// RTF and Excel: the application and topic they ask Office to start. DDEAUTO (run on opening, behind one prompt)
/// or any DDE link to a command interpreter is malicious; another DDE link is suspicious.
/// </summary>
public static partial class DdeFields
{
    private const int MaxReported = 20;

    /// <summary>The DDE instructions in a text holding field codes (the concatenated instruction text of a document).</summary>
    public static IReadOnlyList<DdeField> Find(string instructions)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        return [.. FieldPattern().Matches(instructions).Take(MaxReported).Select(m => new DdeField(
            m.Groups["kind"].Value.ToUpperInvariant(),
            m.Groups["application"].Value.Trim('"').Replace(@"\\", @"\", StringComparison.Ordinal),
            m.Groups["topic"].Value.Trim('"'),
            m.Value.Trim()))];
    }

    /// <summary>Reports each field and its command as an indicator.</summary>
    public static void Report(ScanContext context, IEnumerable<DdeField> fields, string where)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var field in fields)
        {
            Report(context, field.Kind == "DDEAUTO", field.Application, field.Topic, field.Instruction, where);
        }
    }

    /// <summary>Reports one DDE link: its service (application) and topic.</summary>
    public static void Report(ScanContext context, bool automatic, string application, string topic, string evidence, string where)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = $"{application} {topic}".Trim();
        var interpreter = InterpreterPattern().IsMatch(command);
        var severity = automatic || interpreter ? Severity.Malicious : Severity.Suspicious;
        var title = automatic
            ? $"DDEAUTO field in {where}: starts {application} when the document opens"
            : $"DDE link in {where} to {application}{(interpreter ? ", a command interpreter" : string.Empty)}";
        context.Report(automatic ? "ddeauto-field" : "dde-link", severity, title, evidence.Length > 500 ? evidence[..500] + "…" : evidence, ["T1559.002"]);
        context.Indicator(IndicatorKind.Command, command);
    }

    [GeneratedRegex(@"\b(?<kind>DDEAUTO|DDE)\s+(?<application>""[^""]{1,300}""|[^\s""]{1,300})\s*(?<topic>""[^""]{0,2000}""|[^\s""]{0,2000})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"\b(?:cmd|powershell|pwsh|mshta|wscript|cscript|rundll32|regsvr32|certutil|bitsadmin|msiexec|scrobj|schtasks)(?:\.exe)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex InterpreterPattern();
}

/// <summary>One DDE field: DDE or DDEAUTO, the application, the topic, and the instruction as written.</summary>
public sealed record DdeField(string Kind, string Application, string Topic, string Instruction);
