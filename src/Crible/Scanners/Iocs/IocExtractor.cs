using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Crible.Model;

namespace Crible.Scanners.Iocs;

/// <summary>One indicator found in a text.</summary>
public sealed record ExtractedIndicator(IndicatorKind Kind, string Value);

/// <summary>
/// Finds indicators of compromise in text: URLs (and their hosts), bare domains, IPv4 and IPv6 addresses, e-mail
/// addresses, Windows and Unix file paths, registry keys. Precision first: a version number is not an address, a
/// property access is not a domain (bare domains need a known TLD and lower case), a picture name is not an e-mail.
/// Linear: the patterns run without backtracking, the text and the number of results are bounded.
/// </summary>
public static class IocExtractor
{
    public const int MaxTextLength = 8 << 20;
    public const int MaxIndicators = 500;
    private const int MaxValueLength = 2048;

    private static readonly Regex UrlPattern = TextPatterns.Create(@"(?:https?|hxxps?|ftps?|wss?)://[^\s""'<>()\[\]{}\\^`|]{1,2048}");
    private static readonly Regex Ipv4Pattern = TextPatterns.Create(@"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}");
    private static readonly Regex Ipv6Pattern = TextPatterns.Create(@"(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}");
    private static readonly Regex WindowsPathPattern = TextPatterns.Create(@"(?:[a-z]:\\|\\\\[a-z0-9._$-]{1,64}\\|%[a-z_]{2,32}%\\)[^\s""'<>|*?:;,]{2,400}");
    private static readonly Regex UnixPathPattern = TextPatterns.Create(@"/(?:tmp|etc|var|usr|bin|sbin|dev|home|root|opt|proc|Library|Users|System|private|Applications)/[^\s""'<>;|&()`\\,]{1,400}");
    private static readonly Regex RegistryPattern = TextPatterns.Create(@"(?:hkey_local_machine|hkey_current_user|hkey_classes_root|hkey_users|hkey_current_config|hklm|hkcu|hkcr|hku|hkcc):?\\[^\s""'<>;|,]{2,400}");

    /// <summary>First labels of two-label words that are code, not hosts (<c>console.info</c>, <c>this.co</c>).</summary>
    private static readonly HashSet<string> CodeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "this", "self", "window", "document", "console", "math", "json", "object", "array", "string", "module",
        "process", "system", "sys", "os", "event", "obj", "item", "data", "options", "config", "settings", "app",
        "util", "utils", "err", "error", "response", "request", "req", "res", "ctx", "context", "args", "file",
        "readme", "index", "main", "test", "setup", "config", "package", "www",
    };

    /// <summary>Hosts of XML namespaces and schemas: identifiers every Office file and web page names, not places
    /// anything is fetched from.</summary>
    private static readonly HashSet<string> NamespaceHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "schemas.openxmlformats.org", "schemas.microsoft.com", "www.w3.org", "w3.org", "purl.org", "ns.adobe.com",
        "schemas.xmlsoap.org", "www.openxmlformats.org", "schemas.android.com", "xmlns.com",
    };

    public static IReadOnlyList<ExtractedIndicator> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTextLength)
        {
            text = text[..MaxTextLength];
        }

        // Scripts and JSON escape slashes ("http:\/\/host"); the unescaped copy has the same length or less.
        var unescaped = text.Contains("\\/", StringComparison.Ordinal) ? text.Replace("\\/", "/", StringComparison.Ordinal) : text;
        var found = new Collector();
        var covered = new Spans();
        Guarded(() => AddUrls(unescaped, found, covered));
        Guarded(() => AddEmails(unescaped, found, covered));
        Guarded(() => AddDomains(unescaped, found, covered));
        Guarded(() => AddIpv4(unescaped, found, covered));
        Guarded(() => AddIpv6(unescaped, found, covered));
        Guarded(() => AddWindowsPaths(text, found));
        Guarded(() => AddUnixPaths(unescaped, found, covered));
        Guarded(() => AddRegistryKeys(text, found));
        return found.Items;
    }

    /// <summary>A pass that meets the pattern timeout keeps what it found; the others still run.</summary>
    private static void Guarded(Action pass)
    {
        try
        {
            pass();
        }
        catch (RegexMatchTimeoutException)
        {
            // Indicators are best effort: what was found before the timeout stays.
        }
    }

    private static void AddUrls(string text, Collector found, Spans covered)
    {
        foreach (Match match in UrlPattern.Matches(text))
        {
            if (match.Index > 0 && char.IsAsciiLetterOrDigit(text[match.Index - 1]))
            {
                continue;
            }

            var value = TrimUrl(match.Value);
            var host = UrlHost(value);
            if (host is null)
            {
                continue;
            }

            covered.Add(match.Index, match.Index + value.Length);
            if (NamespaceHosts.Contains(host))
            {
                continue;
            }

            found.Add(IndicatorKind.Url, value);
            if (IsIpv4(host) || host.StartsWith('['))
            {
                found.Add(IndicatorKind.Ip, host.Trim('[', ']'));
            }
            else
            {
                found.Add(IndicatorKind.Domain, host.ToLowerInvariant());
            }
        }
    }

    /// <summary>Cuts what follows a URL in prose and markup: closing punctuation and HTML-escaped quotes.</summary>
    private static string TrimUrl(string value)
    {
        foreach (var entity in new[] { "&quot;", "&#39;", "&gt;", "&lt;", "&#x27;" })
        {
            var at = value.IndexOf(entity, StringComparison.OrdinalIgnoreCase);
            if (at > 0)
            {
                value = value[..at];
            }
        }

        return value.TrimEnd('.', ',', ';', ':', '!', '?', '*', '\'', '"');
    }

    /// <summary>The host of a URL (without user, port), or null when it is neither an address nor a plausible name.</summary>
    private static string? UrlHost(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? url[start..] : url[start..end];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close > 0 && IPAddress.TryParse(authority[1..close], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? authority[..(close + 1)] : null;
        }

        var colon = authority.IndexOf(':', StringComparison.Ordinal);
        var host = colon >= 0 ? authority[..colon] : authority;
        if (IsIpv4(host))
        {
            return host;
        }

        var dot = host.LastIndexOf('.');
        return dot > 0 && IsDomainName(host) && host[(dot + 1)..].All(char.IsAsciiLetter) && host.Length - dot > 2 ? host : null;
    }

    private static bool IsDomainName(string host) =>
        host.Length <= 253 && host.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && label[0] != '-' && label[^1] != '-');

    /// <summary>Around each '@': the local part to the left, a host name with an alphabetic TLD to the right. Found
    /// by expanding from the '@' rather than by a pattern tried at every position, so long words cost nothing.</summary>
    private static void AddEmails(string text, Collector found, Spans covered)
    {
        for (var at = text.IndexOf('@'); at >= 0; at = text.IndexOf('@', at + 1))
        {
            var start = at;
            while (start > 0 && at - start < 64 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '.' or '_' or '%' or '+' or '-'))
            {
                start--;
            }

            var end = at + 1;
            while (end < text.Length && end - at <= 253 && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '.' or '-'))
            {
                end++;
            }

            var host = text[(at + 1)..end].TrimEnd('.', '-');
            var local = text[start..at];
            var tld = host[(host.LastIndexOf('.') + 1)..];
            if (local.Length == 0 || local[0] == '.' || local[^1] == '.' || !host.Contains('.', StringComparison.Ordinal) || !IsDomainName(host)
                || tld.Length < 2 || !tld.All(char.IsAsciiLetter) || KnownTlds.IsFileExtension(tld) || covered.Contains(start))
            {
                continue;
            }

            covered.Add(start, at + 1 + host.Length);
            found.Add(IndicatorKind.Email, $"{local}@{host}".ToLowerInvariant());
        }
    }

    /// <summary>Runs of letters, digits, dots and hyphens that hold a dot, each judged once as a bare domain.</summary>
    private static void AddDomains(string text, Collector found, Spans covered)
    {
        var position = 0;
        while (position < text.Length)
        {
            var dot = text.IndexOf('.', position);
            if (dot < 0)
            {
                return;
            }

            var start = dot;
            while (start > 0 && IsHostCharacter(text[start - 1]))
            {
                start--;
            }

            var end = dot;
            while (end < text.Length && IsHostCharacter(text[end]))
            {
                end++;
            }

            position = end + 1;
            var value = text[start..end].TrimEnd('.');
            if (value.Length < 4 || value.Length > 253)
            {
                continue;
            }

            var labels = value.Split('.');
            var tld = labels[^1];
            if (labels.Length > 9 || !IsBareBoundary(text, start, start + value.Length) || covered.Contains(start) || !KnownTlds.IsBareDomainTld(tld)
                || value[1..].Any(char.IsAsciiLetterUpper) || !IsDomainName(value)
                || (labels.Length == 2 && (CodeWords.Contains(labels[0]) || (labels[0].Length < 2 && tld is not ("com" or "net" or "org")))))
            {
                continue;
            }

            if (!NamespaceHosts.Contains(value))
            {
                found.Add(IndicatorKind.Domain, value.ToLowerInvariant());
            }
        }
    }

    private static bool IsHostCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-';

    /// <summary>A bare domain stands alone: not inside a path, an identifier chain or a call (<c>a.info(</c>).</summary>
    private static bool IsBareBoundary(string text, int start, int end)
    {
        if (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '_' or '.' or '@' or '/' or '\\' or '-' or '$' or '%'))
        {
            return false;
        }

        if (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '(' or '-' or '$' or '\\'))
        {
            return false;
        }

        return !(end + 1 < text.Length && text[end] == '.' && char.IsAsciiLetterOrDigit(text[end + 1]));
    }

    private static void AddIpv4(string text, Collector found, Spans covered)
    {
        foreach (Match match in Ipv4Pattern.Matches(text))
        {
            var start = match.Index;
            var end = start + match.Length;
            if ((start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '.' or '_'))
                || (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_' || (text[end] == '.' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]))))
                || covered.Contains(start) || !IsIpv4(match.Value) || IsUnroutableOrMask(match.Value) || FollowsVersionWord(text, start))
            {
                continue;
            }

            found.Add(IndicatorKind.Ip, match.Value);
        }
    }

    /// <summary>Four numbers of 0-255 without leading zeros.</summary>
    private static bool IsIpv4(string value)
    {
        var parts = value.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0') && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }

    private static bool IsUnroutableOrMask(string value)
    {
        var first = int.Parse(value.AsSpan(0, value.IndexOf('.')), System.Globalization.CultureInfo.InvariantCulture);
        return first == 0 || first >= 240;
    }

    /// <summary>"version 1.2.3.4", "v1.0.0.0", "build 10.0.0.1": numbers of a release, not an address.</summary>
    private static bool FollowsVersionWord(string text, int start)
    {
        var from = Math.Max(0, start - 24);
        var before = text[from..start].TrimEnd(' ', '\t', '"', '\'', '=', ':', '(', '[');
        foreach (var word in new[] { "version", "ver", "build", "release", "v" })
        {
            if (before.EndsWith(word, StringComparison.OrdinalIgnoreCase) && (before.Length == word.Length || !char.IsAsciiLetter(before[^(word.Length + 1)])))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddIpv6(string text, Collector found, Spans covered)
    {
        foreach (Match match in Ipv6Pattern.Matches(text))
        {
            var value = match.Value;
            var start = match.Index;
            var end = start + value.Length;
            var colons = value.Count(c => c == ':');
            if ((start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is ':' or '.' or '_'))
                || (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is ':' or '_' or '.'))
                || !(value.Contains("::", StringComparison.Ordinal) || colons == 7) || value.Split(':').Count(g => g.Length > 0) < 2
                || !value.Any(char.IsAsciiDigit) || covered.Contains(start)
                || !IPAddress.TryParse(value, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                continue;
            }

            found.Add(IndicatorKind.Ip, address.ToString());
        }
    }

    private static void AddWindowsPaths(string text, Collector found)
    {
        foreach (Match match in WindowsPathPattern.Matches(text))
        {
            if (match.Index > 0 && (char.IsAsciiLetterOrDigit(text[match.Index - 1]) || text[match.Index - 1] == '\\'))
            {
                continue;
            }

            var value = match.Value.TrimEnd('.', ')', ']', '}', '\\');
            var unc = value.StartsWith(@"\\", StringComparison.Ordinal);
            value = (unc ? @"\\" : string.Empty) + (unc ? value[2..] : value).Replace(@"\\", @"\", StringComparison.Ordinal);
            if (value.Length > 4)
            {
                found.Add(IndicatorKind.Path, value);
            }
        }
    }

    private static void AddUnixPaths(string text, Collector found, Spans covered)
    {
        foreach (Match match in UnixPathPattern.Matches(text))
        {
            var before = match.Index > 0 ? text[match.Index - 1] : ' ';
            if (char.IsAsciiLetterOrDigit(before) || before is '.' or '/' or ':' or '~' or '-' or '_' or '$' || covered.Contains(match.Index))
            {
                continue;
            }

            found.Add(IndicatorKind.Path, match.Value.TrimEnd('.', ',', ':', '!', '?'));
        }
    }

    private static void AddRegistryKeys(string text, Collector found)
    {
        foreach (Match match in RegistryPattern.Matches(text))
        {
            if (match.Index > 0 && (char.IsAsciiLetterOrDigit(text[match.Index - 1]) || text[match.Index - 1] == '_'))
            {
                continue;
            }

            var value = match.Value.Replace(@"\\", @"\", StringComparison.Ordinal).TrimEnd('.', ')', ']', '\\');
            found.Add(IndicatorKind.Registry, value);
        }
    }

    /// <summary>The parts of the text already taken by a URL or an address; spans never overlap, so a binary search
    /// over their starts answers.</summary>
    private sealed class Spans
    {
        private readonly List<(int Start, int End)> _spans = [];
        private bool _sorted = true;

        public void Add(int start, int end)
        {
            _sorted &= _spans.Count == 0 || _spans[^1].Start <= start;
            _spans.Add((start, end));
        }

        public bool Contains(int position)
        {
            if (!_sorted)
            {
                _spans.Sort();
                _sorted = true;
            }

            int low = 0, high = _spans.Count - 1;
            while (low <= high)
            {
                var middle = (low + high) / 2;
                if (_spans[middle].Start > position)
                {
                    high = middle - 1;
                }
                else if (_spans[middle].End <= position)
                {
                    low = middle + 1;
                }
                else
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Distinct values, first seen first, bounded in number and length.</summary>
    private sealed class Collector
    {
        private readonly HashSet<(IndicatorKind, string)> _seen = [];

        public List<ExtractedIndicator> Items { get; } = [];

        public void Add(IndicatorKind kind, string value)
        {
            if (Items.Count < MaxIndicators && value.Length <= MaxValueLength && _seen.Add((kind, value)))
            {
                Items.Add(new ExtractedIndicator(kind, value));
            }
        }
    }
}
