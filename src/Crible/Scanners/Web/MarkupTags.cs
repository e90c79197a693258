using System.Text.RegularExpressions;

namespace Crible.Scanners.Web;

/// <summary>An element's opening tag as written, where it is, and what follows it up to its end tag (bounded).</summary>
internal sealed record MarkupTag(int Offset, string Tag, string Body)
{
    private static readonly Regex AttributePattern = TextPatterns.Create(@"\s(?<name>[a-z_:][-a-z0-9_:.]*)\s*=\s*(""(?<v>[^""]*)""|'(?<v>[^']*)'|(?<v>[^\s""'>]+))");

    /// <summary>The value of an attribute, HTML entities for quotes and ampersands decoded; null when absent.</summary>
    public string? Attribute(string name)
    {
        foreach (Match match in AttributePattern.Matches(Tag))
        {
            if (match.Groups["name"].Value.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return System.Net.WebUtility.HtmlDecode(match.Groups["v"].Value).Trim();
            }
        }

        return null;
    }
}

/// <summary>Finds elements in markup by name, linearly: case-insensitive, tags cut at 8 KiB, bodies at
/// <paramref name="maxBody"/> characters, at most <see cref="MaxTags"/> per name.</summary>
internal static class MarkupTags
{
    public const int MaxTags = 1000;
    private const int MaxTagLength = 8192;

    /// <param name="maxTag">Longest opening tag read (a download link may carry megabytes in its href).</param>
    public static IEnumerable<MarkupTag> Find(string text, string name, int maxBody = 0, int maxTag = MaxTagLength)
    {
        var open = "<" + name;
        var close = "</" + name;
        var count = 0;
        var from = 0;
        for (var at = text.IndexOf(open, StringComparison.OrdinalIgnoreCase); at >= 0 && count < MaxTags; at = text.IndexOf(open, from, StringComparison.OrdinalIgnoreCase))
        {
            from = at + open.Length;
            var after = at + open.Length;
            if (after < text.Length && (char.IsAsciiLetterOrDigit(text[after]) || text[after] is '-' or ':'))
            {
                continue;
            }

            var end = text.IndexOf('>', after, Math.Min(maxTag, text.Length - after));
            if (end < 0)
            {
                continue;
            }

            // What the tag spans is not searched again, so long tags keep the walk linear.
            from = end + 1;

            var body = string.Empty;
            if (maxBody > 0)
            {
                var closing = text.IndexOf(close, end + 1, Math.Min(maxBody, text.Length - end - 1), StringComparison.OrdinalIgnoreCase);
                body = closing < 0 ? text.Substring(end + 1, Math.Min(maxBody, text.Length - end - 1)) : text[(end + 1)..closing];
            }

            count++;
            yield return new MarkupTag(at, text[at..(end + 1)], body);
        }
    }
}
