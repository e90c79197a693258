using System.Text.RegularExpressions;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Office.Links;

/// <summary>
/// External relationships of an OOXML part (<c>*.rels</c>, TargetMode="External"): a remote attached template
/// (template injection, T1221), an external OLE object or frame, and the URL schemes of Follina (CVE-2022-30190:
/// <c>mhtml:</c>, <c>ms-msdt:</c>) and its kin. Hyperlinks are only indicators.
/// </summary>
public static partial class OoxmlRelationships
{
    public static void Report(ScanContext context, string type, string target)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(target);
        var kind = type[(type.LastIndexOf('/') + 1)..];
        var remote = RemotePattern().IsMatch(target);
        var evidence = $"Type={type} Target={target}";
        if (remote && Uri.TryCreate(target.TrimEnd('!'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ftp")
        {
            context.Indicator(IndicatorKind.Url, target);
            context.Indicator(IndicatorKind.Domain, uri.Host);
        }

        if (ProtocolHandlerPattern().IsMatch(target))
        {
            context.Report("ooxml-protocol-handler", Severity.Malicious, $"External {kind} relationship through a protocol handler that runs code (CVE-2022-30190, Follina)", evidence, ["T1221", "T1203"]);
        }
        else if (kind.Equals("attachedTemplate", StringComparison.OrdinalIgnoreCase) && remote)
        {
            context.Report("remote-template", Severity.Malicious, "Template loaded from a remote address when the document opens (template injection)", evidence, ["T1221"]);
        }
        else if (kind.Equals("oleObject", StringComparison.OrdinalIgnoreCase) && remote)
        {
            var follina = target.EndsWith('!');
            context.Report("external-ole-object", follina ? Severity.Malicious : Severity.Suspicious,
                follina ? "External OLE object loaded from a web page (the Follina form, CVE-2022-30190)" : "OLE object linked to a remote address", evidence, ["T1221"]);
        }
        else if (kind is "frame" or "subDocument" && remote)
        {
            context.Report("external-frame", Severity.Suspicious, $"Remote {kind} loaded when the document opens", evidence, ["T1221"]);
        }
        else if (remote && !kind.Equals("hyperlink", StringComparison.OrdinalIgnoreCase))
        {
            context.Report("external-relationship", Severity.Info, $"External {kind} relationship", evidence);
        }
    }

    /// <summary>A network address: a URL with a network scheme or a UNC path (which also leaks credentials).</summary>
    [GeneratedRegex(@"^\s*(?:(?:https?|ftp|file)://(?!/?[a-z]:)|\\\\|mhtml:|ms-\w+:|search-ms:)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex RemotePattern();

    [GeneratedRegex(@"(?:^|[^\w])(?:mhtml:|ms-msdt:|ms-officecmd:|search-ms:|ms-search:|ms-excel:ofe\|)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ProtocolHandlerPattern();
}
