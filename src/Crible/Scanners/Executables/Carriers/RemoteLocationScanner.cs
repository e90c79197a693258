using System.Net;
using System.Text.RegularExpressions;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Executables.Carriers;

/// <summary>
/// Library descriptions (.library-ms), search connectors (.searchConnector-ms) and ClickOnce references
/// (.appref-ms): opening one makes Explorer browse, or Windows install and run, content at the location it names.
/// Phishing uses them to show a remote WebDAV share as a local folder. A remote location is suspicious.
/// </summary>
public sealed partial class RemoteLocationScanner : IScanner
{
    public string Name => "remote-location";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == CarrierKinds.LibraryMs || item.Kind == CarrierKinds.SearchConnector || item.Kind == CarrierKinds.AppRef;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var text = await CarrierText.ReadAsync(item, cancellation).ConfigureAwait(false);
        var locations = item.Kind == CarrierKinds.AppRef
            ? [text.Split('#')[0].Trim()]
            : UrlElementPattern().Matches(text).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value.Trim())).Distinct().ToList();
        var what = item.Kind.Description;
        foreach (var location in locations.Where(l => l.Length > 0))
        {
            CommandLines.RecordIndicators(context, location);
            context.Indicator(IndicatorKind.Path, location);
            if (item.Kind == CarrierKinds.AppRef && CarrierText.IsRemote(location))
            {
                context.Report("clickonce-remote", Severity.Suspicious, "The ClickOnce reference installs and runs an application from a remote server", location, ["T1127", "T1204.002"]);
            }
            else if (CarrierText.IsRemote(location) || location.StartsWith("search-ms:", StringComparison.OrdinalIgnoreCase))
            {
                context.Report("remote-location", Severity.Suspicious, $"The {what} shows a remote location as a local folder", location, ["T1204.002", "T1187"]);
            }
            else
            {
                context.Report("location", Severity.Info, $"Location in the {what}", location);
            }
        }
    }

    [GeneratedRegex(@"<(?:url|simpleLocation\s*>\s*<url)>\s*([^<]+?)\s*</url>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UrlElementPattern();
}
