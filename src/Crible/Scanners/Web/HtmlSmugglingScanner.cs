using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Carving;

namespace Crible.Scanners.Web;

/// <summary>
/// HTML smuggling: a page that builds a file in the browser (<c>new Blob</c>, <c>URL.createObjectURL</c>) and saves
/// it (<c>msSaveOrOpenBlob</c>, a <c>download</c> attribute) from a payload it carries as Base64, past every proxy.
/// Malicious when the payload is a program, an archive, a shortcut or an Office/help file; suspicious when the page
/// assembles and saves a payload of another kind. The payloads themselves are emitted by <see cref="ScriptBlobScanner"/>
/// and <see cref="DataUriScanner"/>; this scanner only judges.
/// </summary>
public sealed class HtmlSmugglingScanner : HtmlTextScanner
{
    private const int MaxLiterals = 100;

    private static readonly HashSet<string> DangerousFormats = new(StringComparer.Ordinal)
    {
        "pe", "elf", "zip", "7z", "rar", "cab", "gzip", "bzip2", "xz", "lnk", "ole2", "chm", "java-class",
    };

    public override string Name => "html-smuggling";

    public override bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        // A page's own script blocks are judged with the page, not a second time as children.
        return item.Kind == FileKinds.Html || item.Kind == WebKinds.Hta
            || (item.Kind == FileKinds.JavaScript && !(item.Relation == Relation.Decoded && item.Name.StartsWith(ScriptBlockScanner.ChildPrefix, StringComparison.Ordinal)));
    }

    protected override void Inspect(string text, ScanContext context, CancellationToken cancellation)
    {

        var builds = Has(text, "new Blob") || Has(text, "createObjectURL");
        var saves = Has(text, "msSaveOrOpenBlob") || Has(text, "msSaveBlob") || Has(text, ".download") || Has(text, " download=") || Has(text, " download ")
            || Has(text, "\"download\"") || Has(text, "'download'");
        var formats = AnchorPayloads(text);
        var count = 0;
        foreach (var literal in builds && saves ? ScriptLiterals.Find(text, ScriptBlobScanner.MinBlobLength, 64) : [])
        {
            cancellation.ThrowIfCancellationRequested();
            if (++count > MaxLiterals)
            {
                break;
            }

            if (WebText.DecodeBase64(literal.Text) is { } decoded)
            {
                formats.Add(KnownMagic.Identify(decoded)?.Name ?? "data");
            }
        }

        var dangerous = formats.Where(DangerousFormats.Contains).Distinct().ToList();
        if (dangerous.Count > 0)
        {
            context.Report("html-smuggling", Severity.Malicious, "HTML smuggling: the page assembles a program or an archive and saves it",
                $"a Base64 payload ({string.Join(", ", dangerous)}) turned into a file the browser saves (Blob or download link)", ["T1027.006", "T1204.002"]);
        }
        else if (formats.Count > 0)
        {
            context.Report("html-smuggling-data", Severity.Suspicious, "The page assembles a file from an embedded payload and saves it",
                $"{formats.Count} Base64 payload(s) turned into files the browser saves", ["T1027.006"]);
        }
    }

    /// <summary>The formats of <c>&lt;a download href="data:…;base64,…"&gt;</c> payloads: saved on one click.</summary>
    private static List<string> AnchorPayloads(string text)
    {
        var formats = new List<string>();
        foreach (var anchor in MarkupTags.Find(text, "a", maxTag: ScriptLiterals.MaxLiteralLength))
        {
            var href = anchor.Attribute("href") ?? string.Empty;
            var marker = href.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase);
            if (href.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && marker > 0 && anchor.Tag.Contains("download", StringComparison.OrdinalIgnoreCase)
                && WebText.DecodeBase64(href.AsSpan(marker + 8)) is { } decoded)
            {
                formats.Add(KnownMagic.Identify(decoded)?.Name ?? "data");
            }
        }

        return formats;
    }

    private static bool Has(string text, string value) => text.Contains(value, StringComparison.OrdinalIgnoreCase);
}
