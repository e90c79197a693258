using System.Text;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Carving;

namespace Crible.Scanners.Pdf;

/// <summary>
/// Judges what a PDF does by itself: scripts and whether they run on opening, launch actions, attachments that
/// actions open, links and form targets, rich media, XFA, forms, name obfuscation, incremental updates. Malicious
/// only for what ordinary documents never do (an opening script that builds code or sprays the heap, an exploit's
/// API, launching a program or an attached program); scripts, links and forms alone are facts.
/// </summary>
internal sealed class PdfActiveContent(PdfDocument document, PdfPayloads payloads, ScanContext context)
{
    private const int MaxScriptLength = 4 << 20;
    private const int MaxEvidenceItems = 5;
    private const int MaxRevisions = 10_000;

    private static readonly HashSet<string> ProgramExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "exe", "scr", "com", "pif", "bat", "cmd", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "ps1", "msi", "dll", "cpl", "lnk", "jar", "sh", "elf", "app",
    };

    private static readonly HashSet<string> Shells = new(StringComparer.OrdinalIgnoreCase)
    {
        "cmd", "powershell", "pwsh", "mshta", "wscript", "cscript", "rundll32", "regsvr32", "certutil", "bitsadmin", "msiexec", "sh", "bash",
    };

    public void Report(byte[] data)
    {
        ReportNameObfuscation(data);
        ReportRevisions(data);
        var actions = PdfActions.Collect(document);
        ReportScripts(actions);
        ReportLaunches(actions);
        ReportLinks(actions);
        ReportInteractiveFeatures();
    }

    private void ReportNameObfuscation(byte[] data)
    {
        var names = PdfNameObfuscation.Find(data);
        if (names.Count > 0)
        {
            context.Report("name-obfuscation", Severity.Suspicious, "Names of active content are written with #xx escapes",
                string.Join(", ", names.Select(n => $"/{n.Raw} = /{n.Name}")), ["T1027"]);
        }
    }

    private void ReportRevisions(byte[] data)
    {
        var count = 0;
        for (var at = data.AsSpan().IndexOf("%%EOF"u8); at >= 0 && count < MaxRevisions; count++)
        {
            var next = data.AsSpan(at + 5).IndexOf("%%EOF"u8);
            at = next < 0 ? -1 : at + 5 + next;
        }

        if (count > 1)
        {
            context.Report("incremental-updates", Severity.Info, "The PDF was updated incrementally", $"{count} revisions (%%EOF markers)");
        }
    }

    private void ReportScripts(List<PdfAction> actions)
    {
        var onOpen = false;
        foreach (var action in actions.Where(a => a.Dictionary["JS"] is not null))
        {
            var script = ScriptText(action);
            if (script is null)
            {
                continue;
            }

            onOpen |= action.RunsOnOpen;
            var traits = PdfScriptTraits.Inspect(script);
            var where = $"{action.Owner.Label}{(action.RunsOnOpen ? ", runs when the document opens" : string.Empty)}";
            if (traits.HeapSpray is not null)
            {
                context.Report("javascript-heap-spray", Severity.Malicious, "JavaScript sprays the heap (exploit preparation)", $"{where}: {traits.HeapSpray}", ["T1203", "T1059.007"]);
            }

            if (traits.ExploitApis.Count > 0)
            {
                context.Report("javascript-exploit-api", Severity.Malicious, "JavaScript calls a Reader API of known exploits", $"{where}: {string.Join(", ", traits.ExploitApis)}", ["T1203", "T1059.007"]);
            }

            if (traits.DynamicCode is not null)
            {
                var severity = action.RunsOnOpen ? Severity.Malicious : Severity.Suspicious;
                var title = action.RunsOnOpen ? "JavaScript that runs on opening builds code at run time" : "JavaScript builds code at run time";
                context.Report(action.RunsOnOpen ? "javascript-autorun-dynamic-code" : "javascript-dynamic-code", severity, title, $"{where}: {traits.DynamicCode}", ["T1059.007", "T1027"]);
            }

            if (PdfScriptTraits.CallsGetAnnots(script) && traits.ExploitApis.Count == 0)
            {
                context.Report("javascript-getannots", Severity.Info, "JavaScript reads the annotations (getAnnots)", where, ["T1059.007"]);
            }

            if (traits.LaunchesAttachment)
            {
                ReportLaunchedAttachments(traits.LaunchedAttachments, $"{where}: exportDataObject with nLaunch");
            }
        }

        if (onOpen)
        {
            context.Report("javascript-autorun", Severity.Suspicious, "JavaScript runs when the document opens", "/OpenAction, /AA or document-level scripts", ["T1059.007"]);
        }
    }

    private string? ScriptText(PdfAction action)
    {
        switch (action.Dictionary["JS"])
        {
            case PdfString text:
                return new PdfString(document.StringBytes(action.Owner, text)).Text;
            case PdfReference reference when document.Find(reference.Number) is { } target:
                if (target.HasStream)
                {
                    var decoded = document.DecodeStream(target, MaxScriptLength);
                    return Encoding.Latin1.GetString(decoded.Data);
                }

                return target.Value is PdfString inline ? new PdfString(document.StringBytes(target, inline)).Text : null;
            default:
                return null;
        }
    }

    /// <summary>Attachments opened by an action: malicious when one of them is a program.</summary>
    /// <param name="names">The attachments named by the action; when empty, any attachment may be the one.</param>
    private void ReportLaunchedAttachments(IReadOnlyList<string> names, string evidence)
    {
        var attachments = payloads.EmbeddedFileNames.Where(e => names.Count == 0 || names.Any(n => SameName(n, e.Value))).ToList();
        var programs = attachments.Where(a => IsProgram(a.Key, a.Value)).Select(a => a.Value).ToList();
        if (programs.Count > 0)
        {
            context.Report("launches-embedded-program", Severity.Malicious, "An action opens an attached program",
                $"{evidence}: {string.Join(", ", programs.Take(MaxEvidenceItems))}", ["T1204.002", "T1059.007"]);
            return;
        }

        context.Report("launches-attachment", Severity.Suspicious, "An action opens an attached file",
            $"{evidence}{(attachments.Count > 0 ? ": " + string.Join(", ", attachments.Select(a => a.Value).Take(MaxEvidenceItems)) : string.Empty)}", ["T1204.002"]);
    }

    private static bool SameName(string wanted, string attachment) =>
        attachment.Equals(wanted, StringComparison.OrdinalIgnoreCase) || Path.GetFileName(attachment.Replace('\\', '/')).Equals(Path.GetFileName(wanted.Replace('\\', '/')), StringComparison.OrdinalIgnoreCase);

    private bool IsProgram(int streamNumber, string name)
    {
        if (ProgramExtensions.Contains(Extension(name)))
        {
            return true;
        }

        return document.Find(streamNumber) is { HasStream: true } stream && KnownMagic.Identify(document.DecodeStream(stream, 64 * 1024).Data)?.IsExecutable == true;
    }

    private void ReportLaunches(List<PdfAction> actions)
    {
        foreach (var action in actions)
        {
            if (action.Type == "GoToE")
            {
                var target = document.Resolve(action.Dictionary["T"]) as PdfDictionary;
                var name = target?["N"] is PdfString n ? new PdfString(document.StringBytes(action.Owner, n)).Text : null;
                ReportLaunchedAttachments(name is null ? [] : [name], $"{action.Owner.Label}: /GoToE");
                continue;
            }

            if (action.Type != "Launch")
            {
                continue;
            }

            var (file, parameters) = LaunchTarget(action);
            if (file is null)
            {
                context.Report("launch", Severity.Suspicious, "A launch action (its target could not be read)", action.Owner.Label, ["T1204.002"]);
                continue;
            }

            var command = parameters is null ? file : $"{file} {parameters}";
            context.Indicator(IndicatorKind.Command, command);
            if (payloads.EmbeddedFileNames.Values.Any(v => SameName(file, v)))
            {
                ReportLaunchedAttachments([file], $"{action.Owner.Label}: /Launch {command}");
                continue;
            }

            var program = Path.GetFileNameWithoutExtension(file.Replace('\\', '/'));
            if (ProgramExtensions.Contains(Extension(file)) || Shells.Contains(program))
            {
                context.Report("launch-program", Severity.Malicious, "A launch action starts a program or a shell", $"{action.Owner.Label}: {command}",
                    Shells.Contains(program) ? ["T1204.002", "T1059"] : ["T1204.002"]);
            }
            else
            {
                context.Report("launch", Severity.Suspicious, "A launch action opens a file", $"{action.Owner.Label}: {command}", ["T1204.002"]);
            }
        }
    }

    /// <summary>The file and parameters of a launch action: /F (a string or a file specification) or /Win's /F and /P.</summary>
    private (string? File, string? Parameters) LaunchTarget(PdfAction action)
    {
        var windows = document.Resolve(action.Dictionary["Win"]) as PdfDictionary;
        var file = Text(action, windows?["F"]) ?? Text(action, action.Dictionary["F"]);
        if (file is null && document.Resolve(action.Dictionary["F"]) is PdfDictionary specification)
        {
            file = Text(action, specification["UF"]) ?? Text(action, specification["F"]);
        }

        return (file, Text(action, windows?["P"]));
    }

    private string? Text(PdfAction action, PdfValue? value) =>
        document.Resolve(value) is PdfString text ? new PdfString(document.StringBytes(action.Owner, text)).Text.Trim('\0', ' ') is { Length: > 0 } t ? t : null : null;

    private void ReportLinks(List<PdfAction> actions)
    {
        var links = new List<string>();
        var forms = new List<string>();
        foreach (var action in actions)
        {
            if (action.Type == "URI" && Text(action, action.Dictionary["URI"]) is { } uri)
            {
                links.Add(uri);
                context.Indicator(IndicatorKind.Url, uri);
            }
            else if (action.Type == "SubmitForm" && (Text(action, action.Dictionary["F"]) ?? (document.Resolve(action.Dictionary["F"]) is PdfDictionary spec ? Text(action, spec["F"]) : null)) is { } target)
            {
                forms.Add(target);
                context.Indicator(IndicatorKind.Url, target);
            }
        }

        if (links.Count > 0)
        {
            context.Report("links", Severity.Info, "The PDF links to web addresses", Summary(links));
        }

        if (forms.Count > 0)
        {
            context.Report("submit-form", Severity.Info, "A form submits its fields to an address", Summary(forms), ["T1056.003"]);
        }
    }

    private void ReportInteractiveFeatures()
    {
        var richMedia = false;
        var xfa = false;
        var acroForm = false;
        foreach (var dictionary in document.Objects.Select(o => o.Dictionary).OfType<PdfDictionary>())
        {
            richMedia |= dictionary.NameOf("Subtype") == "RichMedia" || dictionary["RichMediaContent"] is not null;
            if (dictionary.NameOf("Type") == "Catalog" && document.Resolve(dictionary["AcroForm"]) is PdfDictionary form)
            {
                acroForm = true;
                xfa |= form["XFA"] is not null;
            }
        }

        if (richMedia)
        {
            context.Report("richmedia", Severity.Suspicious, "The PDF embeds rich media (Flash or 3D content)", "/RichMedia annotation", ["T1203"]);
        }

        if (xfa)
        {
            context.Report("xfa", Severity.Info, "The PDF holds an XFA form", "/AcroForm /XFA");
        }
        else if (acroForm)
        {
            context.Report("acroform", Severity.Info, "The PDF holds an interactive form", "/AcroForm");
        }
    }

    private static string Summary(List<string> values)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).ToList();
        return string.Join(", ", distinct.Take(MaxEvidenceItems)) + (distinct.Count > MaxEvidenceItems ? $" and {distinct.Count - MaxEvidenceItems} more" : string.Empty);
    }

    private static string Extension(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot < 0 ? string.Empty : name[(dot + 1)..].Trim().Trim('"');
    }
}
