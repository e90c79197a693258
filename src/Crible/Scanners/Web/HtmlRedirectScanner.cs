using System.Text.RegularExpressions;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Web;

/// <summary>
/// Where a page sends its reader without a click: meta refresh and script redirects (<c>location = "…"</c>,
/// <c>location.replace(…)</c>), recorded as URLs; and frames that load a <c>data:</c> URI (content hidden from URL
/// filters) or an invisible remote page.
/// </summary>
public sealed class HtmlRedirectScanner : HtmlTextScanner
{
    private static readonly Regex RefreshTarget = TextPatterns.Create(@"^\s*\d*\s*[;,]?\s*url\s*=\s*['""]?(?<url>[^'""\s>]+)");
    private static readonly Regex ScriptRedirect = TextPatterns.Create(@"\b(window\.|document\.|top\.|self\.|parent\.)?location(\.href)?\s*=\s*[""'](?<set>[^""'\s]+)[""']|\blocation\.(replace|assign)\s*\(\s*[""'](?<call>[^""'\s]+)[""']");
    private static readonly Regex Invisible = TextPatterns.Create(@"display\s*:\s*none|visibility\s*:\s*hidden");

    public override string Name => "html-redirect";

    public override bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Html || item.Kind == WebKinds.Hta;
    }

    protected override void Inspect(string text, ScanContext context, CancellationToken cancellation)
    {

        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var meta in MarkupTags.Find(text, "meta"))
        {
            if (!string.Equals(meta.Attribute("http-equiv"), "refresh", StringComparison.OrdinalIgnoreCase)
                || RefreshTarget.Match(meta.Attribute("content") ?? string.Empty) is not { Success: true } target)
            {
                continue;
            }

            ReportRedirect(context, reported, "meta-refresh", "The page redirects itself (meta refresh)", target.Groups["url"].Value);
        }

        var redirects = 0;
        for (var match = ScriptRedirect.Match(text); match.Success && redirects < MarkupTags.MaxTags; match = match.NextMatch(), redirects++)
        {
            var target = match.Groups["set"].Success ? match.Groups["set"].Value : match.Groups["call"].Value;
            if (target.Length is < 4 or > 2048)
            {
                continue;
            }

            ReportRedirect(context, reported, "script-redirect", "A script sends the reader to another address", target);
        }

        cancellation.ThrowIfCancellationRequested();
        foreach (var frame in MarkupTags.Find(text, "iframe"))
        {
            var source = frame.Attribute("src") ?? string.Empty;
            if (source.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                context.Report("iframe-data-uri", Severity.Suspicious, "A frame loads inline content from a data: URI", Shorten(frame.Tag), ["T1027.006"]);
            }
            else if (source.Contains("://", StringComparison.Ordinal) && IsInvisible(frame))
            {
                context.Indicator(IndicatorKind.Url, source);
                context.Report("hidden-iframe", Severity.Suspicious, "An invisible frame loads a remote page", Shorten(frame.Tag), ["T1189"]);
            }
        }
    }

    /// <summary>Every target is an indicator; the finding is reported once per kind of redirect, and for each
    /// redirect to script or inline content.</summary>
    private static void ReportRedirect(ScanContext context, HashSet<string> reported, string id, string title, string target)
    {
        var scripted = target.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || target.StartsWith("data:", StringComparison.OrdinalIgnoreCase);
        if (target.Contains("://", StringComparison.Ordinal))
        {
            context.Indicator(IndicatorKind.Url, target);
        }

        if (reported.Add(id) || scripted)
        {
            context.Report(id, scripted ? Severity.Suspicious : Severity.Info, title, Shorten(target), scripted ? ["T1027.006"] : null);
        }
    }

    private static bool IsInvisible(MarkupTag frame) =>
        frame.Attribute("width") is "0" or "1" || frame.Attribute("height") is "0" or "1" || Invisible.IsMatch(frame.Attribute("style") ?? string.Empty)
        || frame.Attribute("hidden") is not null;

    private static string Shorten(string value) => value.Length > 300 ? value[..300] + "…" : value;
}
