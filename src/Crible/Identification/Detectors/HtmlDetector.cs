using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// HTML documents: after an optional BOM, whitespace and comments (and an XML declaration, for XHTML), a doctype
/// html or an HTML element opens the text; or the text opens with a tag and a document-level element (html, head,
/// body, script, iframe) follows within the first KiB. Case-insensitive, as browsers are.
/// </summary>
public sealed class HtmlDetector : IFileKindDetector
{
    private const int NearStart = 1024;

    private static readonly HashSet<string> HtmlElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "html", "head", "body", "script", "iframe", "meta", "title", "link", "style", "base", "div", "span", "p", "a",
        "table", "form", "input", "img", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "b", "i",
        "u", "center", "font", "pre", "frameset", "frame", "object", "embed", "noscript", "svg", "button", "textarea",
        "select", "section", "article", "header", "footer", "nav", "main", "template",
    };

    private static readonly string[] DocumentElements = ["<html", "<head", "<body", "<script", "<iframe"];

    public int Priority => DetectorPriority.Markup + 10;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var text = probe.Text.Text.AsSpan();
        var start = MarkupText.SkipPrologue(text);
        if (start < 0 || start >= text.Length || text[start] != '<')
        {
            return null;
        }

        var isXml = text[start..].StartsWith("<?xml", StringComparison.Ordinal);
        if (isXml)
        {
            start = AfterXmlDeclaration(text, start);
            if (start < 0)
            {
                return null;
            }
        }

        var rest = text[start..];
        if (rest.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase))
        {
            return FileKinds.Html;
        }

        var tag = MarkupText.TagNameAt(text, start);
        if (isXml)
        {
            return tag.Equals("html", StringComparison.OrdinalIgnoreCase) ? FileKinds.Html : null;
        }

        if (!tag.IsEmpty && HtmlElements.GetAlternateLookup<ReadOnlySpan<char>>().Contains(tag))
        {
            return FileKinds.Html;
        }

        return HasDocumentElementNearStart(rest) ? FileKinds.Html : null;
    }

    /// <summary>XHTML: where the markup after the XML declaration starts, or -1.</summary>
    private static int AfterXmlDeclaration(ReadOnlySpan<char> text, int start)
    {
        var declarationEnd = text[start..].IndexOf("?>", StringComparison.Ordinal);
        if (declarationEnd < 0)
        {
            return -1;
        }

        var afterDeclaration = start + declarationEnd + 2;
        var next = MarkupText.SkipPrologue(text[afterDeclaration..]);
        return next < 0 ? -1 : afterDeclaration + next;
    }

    private static bool HasDocumentElementNearStart(ReadOnlySpan<char> markup)
    {
        var window = markup[..Math.Min(markup.Length, NearStart)];
        foreach (var element in DocumentElements)
        {
            var at = window.IndexOf(element, StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && !MarkupText.TagNameAt(window, at).IsEmpty)
            {
                return true;
            }
        }

        return false;
    }
}
