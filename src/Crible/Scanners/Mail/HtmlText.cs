using System.Net;
using System.Text;

namespace Crible.Scanners.Mail;

/// <summary>The readable text of an HTML body (tags, scripts and styles dropped, entities decoded), for looking for
/// passwords the way a reader sees them.</summary>
internal static class HtmlText
{
    public static string Strip(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = new StringBuilder(Math.Min(html.Length, PasswordHints.MaxTextLength));
        var index = 0;
        while (index < html.Length && text.Length < PasswordHints.MaxTextLength)
        {
            var open = html.IndexOf('<', index);
            if (open < 0)
            {
                text.Append(html, index, html.Length - index);
                break;
            }

            text.Append(html, index, open - index);
            var close = html.IndexOf('>', open);
            if (close < 0)
            {
                break;
            }

            var tag = html.AsSpan(open, close - open + 1);
            index = close + 1;
            var closing = tag.StartsWith("<script", StringComparison.OrdinalIgnoreCase) ? "</script"
                : tag.StartsWith("<style", StringComparison.OrdinalIgnoreCase) ? "</style" : null;
            if (closing is not null)
            {
                var end = html.IndexOf(closing, index, StringComparison.OrdinalIgnoreCase);
                index = end < 0 ? html.Length : end;
            }
            else if (IsBlock(tag))
            {
                text.Append('\n');
            }
        }

        return WebUtility.HtmlDecode(text.ToString());
    }

    private static bool IsBlock(ReadOnlySpan<char> tag) =>
        tag.StartsWith("<br", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("<p", StringComparison.OrdinalIgnoreCase)
        || tag.StartsWith("<div", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("</p", StringComparison.OrdinalIgnoreCase)
        || tag.StartsWith("</div", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("<tr", StringComparison.OrdinalIgnoreCase)
        || tag.StartsWith("<li", StringComparison.OrdinalIgnoreCase);
}
