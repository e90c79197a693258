using System.Globalization;
using System.Net;
using System.Text;
using Crible.Model;
using Crible.Reporting;
using Crible.Server.Storage;

namespace Crible.Server.Web;

/// <summary>The report as a page for people: the verdict first, then what was found where, with the evidence.
/// Self-contained (no script, no external resource) so it can be saved or mailed as it is.</summary>
internal static class ReportPage
{
    public static string Render(AnalysisRecord record, Report report)
    {
        var html = new StringBuilder();
        var (label, colour) = report.Verdict switch
        {
            Verdict.Malicious => ("Malicious", "#ce0500"),
            Verdict.Unanalysable => ("Unanalysable", "#b34000"),
            _ => ("Clean", "#18753c"),
        };
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Crible report: {{E(report.File.Name)}}</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #161616; }
            .verdict { background: {{colour}}; color: #fff; padding: 1rem 1.5rem; border-radius: .25rem; font-size: 1.5rem; }
            table { border-collapse: collapse; width: 100%; margin: 1rem 0; } th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
            code, .evidence { font-family: ui-monospace, monospace; font-size: .85rem; word-break: break-all; }
            .malicious { color: #ce0500; font-weight: bold; } .suspicious { color: #b34000; font-weight: bold; } .info { color: #666; }
            .node { margin: .5rem 0; padding: .5rem 1rem; border-left: 4px solid #ddd; }
            </style></head><body>
            <h1>Analysis report</h1>
            <p class="verdict" role="status">Verdict: <strong>{{label}}</strong></p>
            <table><tbody>
            <tr><th scope="row">File</th><td>{{E(report.File.Name)}}</td></tr>
            <tr><th scope="row">Type</th><td>{{E(report.File.Kind)}}</td></tr>
            <tr><th scope="row">Size</th><td>{{report.File.Size}} bytes</td></tr>
            <tr><th scope="row">SHA-256</th><td><code>{{report.File.Sha256}}</code></td></tr>
            <tr><th scope="row">Analysis</th><td><code>{{E(record.Id)}}</code>, {{report.DurationMs}} ms, rules {{E(report.RulesVersion ?? "-")}}</td></tr>
            <tr><th scope="row">Detected by</th><td>{{E(string.Join(", ", report.DetectingEngines.DefaultIfEmpty("no engine")))}}</td></tr>
            </tbody></table>
            """);
        AppendAttack(html, report);
        AppendIndicators(html, report);
        AppendNodes(html, report);
        AppendLimits(html, report);
        html.Append("<p class=\"info\">Crible gives a verdict; what to do with the file is the integrating service's decision.</p></body></html>");
        return html.ToString();
    }

    private static void AppendNodes(StringBuilder html, Report report)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>Files analysed ({report.Nodes.Count})</h2>");
        foreach (var node in report.Nodes)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<div class="node" style="margin-left:{Math.Min(node.Depth, 12) * 1.5}rem"><strong>{E(node.Path)}</strong> <span class="info">{E(node.Kind)}, {node.Size} bytes, {E(node.Relation.ToString().ToLowerInvariant())}{(node.DuplicateOf is { } first ? $", same content as #{first}" : string.Empty)}</span>""");
            foreach (var finding in node.Findings)
            {
                var severity = finding.Severity.ToString().ToLowerInvariant();
                html.Append(CultureInfo.InvariantCulture, $"""<p><span class="{severity}">{severity}</span> <strong>{E(finding.Scanner)}</strong> {E(finding.Id)}: {E(finding.Title)}""");
                if (finding.Meta.TryGetValue("author", out var author))
                {
                    html.Append(CultureInfo.InvariantCulture, $" <span class=\"info\">(rule by {E(author)})</span>");
                }

                if (finding.Attack.Count > 0)
                {
                    html.Append(CultureInfo.InvariantCulture, $" <span class=\"info\">ATT&amp;CK {E(string.Join(", ", finding.Attack))}</span>");
                }

                if (!string.IsNullOrEmpty(finding.Evidence))
                {
                    html.Append(CultureInfo.InvariantCulture, $"<br><span class=\"evidence\">{E(finding.Evidence)}</span>");
                }

                html.Append("</p>");
            }

            foreach (var reason in node.Incomplete)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"suspicious\">Not fully seen: {E(reason)}</p>");
            }

            html.Append("</div>");
        }
    }

    private static void AppendAttack(StringBuilder html, Report report)
    {
        if (report.Attack.Count == 0)
        {
            return;
        }

        html.Append("<h2>ATT&amp;CK techniques</h2><p>");
        html.Append(string.Join(", ", report.Attack.Select(id => $"<code>{E(id)}</code>")));
        html.Append("</p>");
    }

    /// <summary>Indicators defanged (hxxp, [.]) so a reader cannot follow one by mistake; the JSON keeps them as found.</summary>
    private static void AppendIndicators(StringBuilder html, Report report)
    {
        if (report.Iocs.Count == 0)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<h2>Indicators of compromise ({report.Iocs.Count})</h2><table><thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Value (defanged)</th><th scope=\"col\">Seen by</th></tr></thead><tbody>");
        foreach (var indicator in report.Iocs)
        {
            var kind = indicator.Kind.ToString().ToLowerInvariant();
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(kind)}</td><td><code>{E(Defanging.Defang(indicator))}</code></td><td>{E(indicator.Scanner)}</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void AppendLimits(StringBuilder html, Report report)
    {
        if (report.LimitsHit.Count == 0)
        {
            return;
        }

        html.Append("<h2>Limits hit</h2><ul>");
        foreach (var hit in report.LimitsHit)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><strong>{E(hit.Limit)}</strong> at {E(hit.Path)}: {E(hit.Detail)}</li>");
        }

        html.Append("</ul>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
