namespace Crible.Scanners.Iocs;

/// <summary>
/// The top-level domains a bare word pair must end with to count as a domain (<c>a.b</c> in code or prose is
/// usually a property access, a file name or a version). Generic and country TLDs seen in mail and malware, without
/// those that are also common file extensions or programming words (py, sh, md, pl, rs, cs, ps, js, so, id, is, in,
/// name, link, date, zip, app...); a domain inside a URL or an e-mail address needs no list.
/// </summary>
internal static class KnownTlds
{
    private static readonly HashSet<string> Bare = new(StringComparer.OrdinalIgnoreCase)
    {
        "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "io", "co", "me", "tv", "cc", "ws", "us",
        "uk", "de", "fr", "ru", "cn", "jp", "br", "it", "nl", "es", "eu", "ch", "se", "no", "fi", "dk", "be", "at",
        "cz", "ca", "au", "nz", "za", "mx", "ar", "cl", "kr", "tw", "hk", "sg", "ir", "ua", "kz", "by", "ro", "hu",
        "gr", "pt", "tr", "vn", "th", "ph", "pk", "ng", "ke", "eg", "sa", "ae", "il", "su", "tk", "ml", "ga", "cf",
        "gq", "pw", "top", "xyz", "icu", "cyou", "buzz", "online", "site", "club", "shop", "onion", "ly", "lu", "ie",
        "sk", "si", "hr", "bg", "lt", "lv", "ee", "li", "mc", "gg", "ai", "cx", "nu", "asia", "mobi",
        "pro", "tel", "travel", "museum", "aero", "coop", "jobs", "xxx", "ovh", "cloud", "host", "space", "website",
        "tech", "store", "live", "digital", "email", "fun", "rest", "bar", "cam", "monster", "sbs", "cfd", "bond",
    };

    /// <summary>Extensions of pictures and documents: "logo@2x.png" is not an e-mail address.</summary>
    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "css", "js", "json", "xml", "txt", "html", "htm",
        "pdf", "doc", "docx", "xls", "xlsx", "exe", "dll", "zip", "rar", "gz", "tar", "py", "sh", "md",
    };

    public static bool IsBareDomainTld(string tld) => Bare.Contains(tld);

    public static bool IsFileExtension(string tld) => FileExtensions.Contains(tld);
}
