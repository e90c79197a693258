using System.Text;
using System.Text.RegularExpressions;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Office.Ole;
using Crible.Scanners.Office.Vba;

namespace Crible.Scanners.Office;

/// <summary>
/// VBA macros. In an OLE2 file (.doc, .xls, an OOXML vbaProject.bin, an object embedded in any of them) it finds
/// each VBA project, decompresses its modules (MS-OVBA), emits their source as decoded children
/// (<c>Macros/VBA/Module1.bas</c>) for the text engines, classifies the project's code as a whole (auto-exec with
/// write or execute is malicious), decodes the obvious string obfuscations for their URLs, and compares the
/// compiled p-code with the source (stomping). VBA source files on their own (<c>.bas</c>, <c>.vba</c>, <c>.cls</c>,
/// <c>.frm</c>) are classified the same way.
/// </summary>
public sealed class VbaScanner : IScanner
{
    private static readonly HashSet<string> SourceExtensions = new(StringComparer.OrdinalIgnoreCase) { "bas", "cls", "frm", "vba" };

    public string Name => "vba";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return (OfficeKinds.IsOle2(item.Kind) && item.Kind != FileKinds.Msi && item.Kind != FileKinds.Msg)
            || (item.Kind == FileKinds.VbScript && SourceExtensions.Contains(item.Extension) && !IsModuleOfScannedProject(item));
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            if (item.Kind == FileKinds.VbScript)
            {
                var bytes = await ScanItemBytes.ReadAsync(item, context, cancellation).ConfigureAwait(false);
                var text = Encoding.Latin1.GetString(bytes);
                ReportAnalysis(context, [new VbaSource(item.Name, text)]);
                return;
            }

            await ScanCompoundFileAsync(item, context, cancellation).ConfigureAwait(false);
        }
        catch (RegexMatchTimeoutException)
        {
            context.Incomplete("vba: the macro source is too convoluted to classify in time");
        }
    }

    /// <summary>The sources this scanner emitted itself are classified with their project, not again alone.</summary>
    private static bool IsModuleOfScannedProject(ScanItem item) =>
        item.Relation == Relation.Decoded && item.Name.Contains("VBA/", StringComparison.OrdinalIgnoreCase);

    private static async ValueTask ScanCompoundFileAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        using var file = OleFiles.Open(item, context, reportFailure: false);
        if (file is null)
        {
            return;
        }

        var maxBytes = (int)Math.Min(context.Limits.MaxInMemoryBytes, Array.MaxLength);
        foreach (var project in VbaProjectReader.Read(file, maxBytes))
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (var problem in project.Problems)
            {
                context.Incomplete($"vba: {OleStreamNames.Escape(problem)}");
            }

            context.Report("vba-project", Severity.Info, $"VBA project with {project.Modules.Count} module(s)",
                string.Join(", ", project.Modules.Select(m => $"{m.Name} ({m.Source.Length} characters of source, {m.PCode.Length} bytes of p-code)")));
            foreach (var module in project.Modules.Where(m => !m.SourceMissing))
            {
                var name = $"{project.StoragePath}/{module.Name}.{(module.IsDocument ? "cls" : "bas")}";
                if (await context.EmitAsync(Encoding.UTF8.GetBytes(module.Source), name, Relation.Decoded, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
                {
                    break;
                }
            }

            ReportAnalysis(context, [.. project.Modules.Select(m => new VbaSource(m.Name, m.Source))]);
            ReportStomping(context, project);
        }
    }

    private static void ReportAnalysis(ScanContext context, IReadOnlyCollection<VbaSource> sources)
    {
        var analysis = VbaMacroAnalysis.Analyse(sources);
        VbaFindings.Report(context, analysis, sources.Select(s => s.Text));
    }

    private static void ReportStomping(ScanContext context, VbaProject project)
    {
        var stomping = VbaStomping.Check(project);
        if (!stomping.Found)
        {
            return;
        }

        var evidence = new StringBuilder();
        if (stomping.StrippedModules.Count > 0)
        {
            evidence.Append("compiled code without source in: ").AppendJoin(", ", stomping.StrippedModules).Append('\n');
        }

        if (stomping.HiddenNames.Count > 0)
        {
            evidence.Append("names in the p-code that the source never mentions: ").AppendJoin(", ", stomping.HiddenNames).Append('\n');
        }

        if (stomping.CompiledAutoExec.Count > 0)
        {
            evidence.Append("auto-exec procedures in the p-code: ").AppendJoin(", ", stomping.CompiledAutoExec);
        }

        // Dangerous calls kept only in the code Office runs, with a procedure that runs on opening: deliberate evasion.
        var hiddenPayload = stomping.HiddenNames.Count > 0 && stomping.CompiledAutoExec.Count > 0;
        context.Report("vba-stomping", hiddenPayload ? Severity.Malicious : Severity.Suspicious,
            hiddenPayload ? "VBA stomping: the compiled macro runs on opening and calls what its visible source hides" : "VBA stomping: the compiled macro and its source differ",
            evidence.ToString().TrimEnd('\n'), ["T1564.007", "T1204.002"]);
    }
}
