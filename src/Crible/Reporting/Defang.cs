namespace Crible.Reporting;

/// <summary>Writes network indicators so that no reader, mail client or chat turns them into live links:
/// <c>http</c> becomes <c>hxxp</c> and dots become <c>[.]</c>.</summary>
public static class Defang
{
    public static string Value(string indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        var text = indicator
            .Replace("https://", "hxxps://", StringComparison.OrdinalIgnoreCase)
            .Replace("http://", "hxxp://", StringComparison.OrdinalIgnoreCase)
            .Replace("ftp://", "fxp://", StringComparison.OrdinalIgnoreCase);
        return text.Replace(".", "[.]", StringComparison.Ordinal).Replace("@", "[@]", StringComparison.Ordinal);
    }
}
