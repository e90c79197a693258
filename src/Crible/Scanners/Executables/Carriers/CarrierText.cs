using System.Text;
using System.Text.RegularExpressions;
using Crible.Pipeline;

namespace Crible.Scanners.Executables.Carriers;

/// <summary>Reads a carrier file as text (UTF-8, or UTF-16 when a byte-order mark says so), bounded, and its
/// INI-style keys.</summary>
internal static partial class CarrierText
{
    public const int MaxLength = 1 << 20;

    public static async ValueTask<string> ReadAsync(ScanItem item, CancellationToken cancellation)
    {
        var bytes = await item.Data.ReadPrefixAsync(MaxLength, cancellation).ConfigureAwait(false);
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes, 2, (bytes.Length - 2) & ~1);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, (bytes.Length - 2) & ~1);
        }

        return Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
    }

    /// <summary>The values of <paramref name="key"/> in INI-style text (every section), trimmed.</summary>
    public static IEnumerable<string> Values(string text, string key) =>
        KeyPattern().Matches(text).Where(m => m.Groups[1].Value.Equals(key, StringComparison.OrdinalIgnoreCase)).Select(m => m.Groups[2].Value.Trim());

    /// <summary>True when a location leaves the machine: a URL with a host, file:// to a host, or a UNC path.</summary>
    public static bool IsRemote(string location) =>
        location.StartsWith(@"\\", StringComparison.Ordinal) || location.StartsWith("//", StringComparison.Ordinal) ||
        RemoteFilePattern().IsMatch(location) || location.StartsWith("http", StringComparison.OrdinalIgnoreCase) || location.StartsWith("ftp:", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for file:// URLs and UNC paths that name another machine (SMB/WebDAV: credential leaks, remote code).</summary>
    public static bool IsRemoteFile(string location) =>
        location.StartsWith(@"\\", StringComparison.Ordinal) || RemoteFilePattern().IsMatch(location);

    [GeneratedRegex(@"^[ \t]*([A-Za-z0-9_.]+)[ \t]*=(.*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^file:/{2,}(?!/|[A-Za-z]:|localhost/)[^/\s]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex RemoteFilePattern();
}
