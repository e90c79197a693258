using Crible.Model;
using Crible.Reporting;
using Spectre.Console;

namespace Crible.Cli;

/// <summary>Prints a report for a person: the verdict, the engines that detected, then each finding with its
/// evidence under the file it was found in.</summary>
internal sealed class ReportPrinter(IAnsiConsole console, bool verbose)
{
    private const int MaxEvidence = 300;

    public void Print(Report report)
    {
        var label = report.Source ?? report.File.Name;
        var verdict = report.Verdict switch
        {
            Verdict.Malicious => "[bold red]MALICIOUS[/]",
            Verdict.Unanalysable => "[bold yellow]UNANALYSABLE[/]",
            _ => "[green]clean[/]",
        };
        var engines = report.DetectingEngines.ToList();
        var detail = engines.Count > 0 ? $" [grey](detected by {Markup.Escape(string.Join(", ", engines))})[/]" : string.Empty;
        console.MarkupLine($"{Markup.Escape(label)}: {verdict}{detail}");

        foreach (var node in report.Nodes)
        {
            var findings = node.Findings.Where(f => verbose || f.Severity != Severity.Info).ToList();
            if (findings.Count == 0 && node.Incomplete.Count == 0)
            {
                continue;
            }

            console.MarkupLine($"  [blue]{Markup.Escape(node.Path)}[/] [grey]({Markup.Escape(node.Kind)}, {node.Size} bytes, sha256 {node.Sha256})[/]");
            foreach (var finding in findings)
            {
                var colour = finding.Severity switch
                {
                    Severity.Malicious => "red",
                    Severity.Suspicious => "yellow",
                    _ => "grey",
                };
                console.MarkupLine($"    [{colour}]{finding.Severity.ToString().ToLowerInvariant()}[/] [bold]{Markup.Escape(finding.Scanner)}[/] {Markup.Escape(finding.Id)}: {Markup.Escape(finding.Title)}");
                if (!string.IsNullOrEmpty(finding.Evidence))
                {
                    console.MarkupLine($"      [grey]evidence:[/] {Markup.Escape(Shorten(finding.Evidence))}");
                }

                if (finding.Meta.TryGetValue("author", out var author))
                {
                    console.MarkupLine($"      [grey]rule author:[/] {Markup.Escape(author)}");
                }

                if (finding.Attack.Count > 0)
                {
                    console.MarkupLine($"      [grey]ATT&CK:[/] {Markup.Escape(string.Join(", ", finding.Attack))}");
                }
            }

            foreach (var reason in node.Incomplete)
            {
                console.MarkupLine($"    [yellow]not fully seen:[/] {Markup.Escape(reason)}");
            }
        }

        PrintIndicators(report);
        PrintProcedure(report);
    }

    private void PrintIndicators(Report report)
    {
        var iocs = report.Iocs.Where(i => verbose || report.Verdict == Verdict.Malicious).Take(20).ToList();
        if (iocs.Count > 0)
        {
            console.MarkupLine("  [grey]indicators (defanged):[/] " + Markup.Escape(string.Join(", ", iocs.Select(i => $"{i.Kind.ToString().ToLowerInvariant()} {Defanging.Defang(i)}"))));
        }
    }

    /// <summary>The proposed procedure for a malicious file, and with -v for an unanalysable one too.</summary>
    private void PrintProcedure(Report report)
    {
        if (report.Procedure is not { } procedure || (report.Verdict != Verdict.Malicious && !verbose))
        {
            return;
        }

        console.MarkupLine("  [bold]What to do now[/] [grey](proposed; the platform and the security team decide)[/]");
        foreach (var step in procedure.Steps)
        {
            var audience = step.Audience switch
            {
                ProcedureAudience.Platform => "platform",
                ProcedureAudience.People => "people concerned",
                _ => "security team",
            };
            console.MarkupLine($"    [grey]{audience}:[/] {Markup.Escape(step.Action)}");
        }
    }

    private static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ⏎ ");
        return oneLine.Length <= MaxEvidence ? oneLine : oneLine[..MaxEvidence] + "…";
    }
}
