using Crible.Model;

namespace Crible.Reporting;

/// <summary>
/// Indicators written so nobody clicks them by mistake in a report meant for people: <c>hxxp://example[.]com/x</c>,
/// <c>10[.]0[.]0[.]1</c>, <c>user[@]example[.]com</c>. Reports for programs (JSON) keep the values as found.
/// </summary>
public static class Defanging
{
    public static string Defang(Indicator indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        return indicator.Kind switch
        {
            IndicatorKind.Url => DefangUrl(indicator.Value),
            IndicatorKind.Domain or IndicatorKind.Ip => indicator.Value.Replace(".", "[.]", StringComparison.Ordinal),
            IndicatorKind.Email => indicator.Value.Replace("@", "[@]", StringComparison.Ordinal).Replace(".", "[.]", StringComparison.Ordinal),
            _ => indicator.Value,
        };
    }

    /// <summary>The scheme made inert (http → hxxp, ftp → fxp) and the dots of the host bracketed; the path is kept.</summary>
    public static string DefangUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            return url.Replace(".", "[.]", StringComparison.Ordinal);
        }

        var scheme = url[..separator].ToLowerInvariant() switch
        {
            "http" => "hxxp",
            "https" => "hxxps",
            "ftp" => "fxp",
            "ftps" => "fxps",
            "ws" => "wxs",
            "wss" => "wxss",
            var other => other,
        };
        var hostStart = separator + 3;
        var hostEnd = url.IndexOfAny(['/', '?', '#'], hostStart);
        hostEnd = hostEnd < 0 ? url.Length : hostEnd;
        return scheme + "://" + url[hostStart..hostEnd].Replace(".", "[.]", StringComparison.Ordinal) + url[hostEnd..];
    }
}
