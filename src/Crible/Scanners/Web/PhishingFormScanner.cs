using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Web;

/// <summary>
/// Credential phishing pages: a form with a password field that posts to another host than the page's own (its
/// <c>&lt;base&gt;</c>, canonical link or <c>og:url</c>; a local file has none, so any absolute address is foreign),
/// or to a <c>data:</c> or <c>javascript:</c> action. A form posting to a relative address is the site's own login.
/// </summary>
public sealed class PhishingFormScanner : HtmlTextScanner
{
    private const int MaxFormBody = 64 * 1024;

    public override string Name => "phishing-form";

    public override bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Html || item.Kind == WebKinds.Hta;
    }

    protected override void Inspect(string text, ScanContext context, CancellationToken cancellation)
    {

        var ownHost = OwnHost(text);
        foreach (var form in MarkupTags.Find(text, "form", MaxFormBody))
        {
            cancellation.ThrowIfCancellationRequested();
            if (!MarkupTags.Find(form.Body, "input").Any(i => string.Equals(i.Attribute("type"), "password", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var action = form.Attribute("action") ?? string.Empty;
            if (action.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || action.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
            {
                context.Report("password-form-script-action", Severity.Suspicious, "A password form submits to script or inline content", Shorten(form.Tag), ["T1056.003", "T1566.001"]);
            }
            else if (Uri.TryCreate(action, UriKind.Absolute, out var target) && target.Scheme is "http" or "https")
            {
                context.Indicator(IndicatorKind.Url, action);
                if (ownHost is null || !SameSite(target.Host, ownHost))
                {
                    context.Report("password-form-foreign-host", Severity.Suspicious, "A password form posts to another host than the page's own",
                        ownHost is null ? $"{Shorten(form.Tag)} (the page names no host of its own)" : $"{Shorten(form.Tag)} (the page is {ownHost})", ["T1056.003", "T1566.001"]);
                }
            }
        }
    }

    /// <summary>The host the page says it belongs to: &lt;base href&gt;, the canonical link, og:url.</summary>
    private static string? OwnHost(string text)
    {
        var candidates = MarkupTags.Find(text, "base").Select(t => t.Attribute("href"))
            .Concat(MarkupTags.Find(text, "link").Where(t => string.Equals(t.Attribute("rel"), "canonical", StringComparison.OrdinalIgnoreCase)).Select(t => t.Attribute("href")))
            .Concat(MarkupTags.Find(text, "meta").Where(t => string.Equals(t.Attribute("property"), "og:url", StringComparison.OrdinalIgnoreCase)).Select(t => t.Attribute("content")));
        foreach (var candidate in candidates)
        {
            if (Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri.Host;
            }
        }

        return null;
    }

    /// <summary>The same host, or one a subdomain of the other (login.example.com for www.example.com).</summary>
    private static bool SameSite(string host, string own)
    {
        static string Registrable(string name)
        {
            var labels = name.ToLowerInvariant().Split('.');
            return labels.Length <= 2 ? name.ToLowerInvariant() : string.Join('.', labels[^2..]);
        }

        return Registrable(host) == Registrable(own);
    }

    private static string Shorten(string value) => value.Length > 300 ? value[..300] + "…" : value;
}
