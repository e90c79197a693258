using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Crible.Identification;
using Crible.Pipeline;
using Crible.Scanners.Office.Links;

namespace Crible.Scanners.Office;

/// <summary>
/// Reads the OOXML parts the zip scanner extracts for what makes Office reach out or run something on opening:
/// external relationships (<c>*.rels</c>: remote templates, external OLE objects, Follina's protocol handlers),
/// DDE and DDEAUTO field codes in Word's story parts (instrText, fldSimple), and Excel's DDE links
/// (<c>xl/externalLinks/*.xml</c>). XML is read forward only, with DTDs ignored (no entity expansion).
/// </summary>
public sealed partial class OoxmlLinksScanner : IScanner
{
    private const int MaxInstructionCharacters = 1 << 20;

    public string Name => "ooxml-links";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Xml && (IsRelationships(item.Name) || WordStoryPart().IsMatch(item.Name) || ExcelLinkPart().IsMatch(item.Name));
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var stream = item.Data.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, Async = true, IgnoreWhitespace = true };
            using var reader = XmlReader.Create(stream, settings);
            try
            {
                if (IsRelationships(item.Name))
                {
                    await ReadRelationshipsAsync(reader, context, cancellation).ConfigureAwait(false);
                }
                else if (ExcelLinkPart().IsMatch(item.Name))
                {
                    await ReadExcelLinksAsync(reader, context, item.Name, cancellation).ConfigureAwait(false);
                }
                else
                {
                    var instructions = await ReadFieldInstructionsAsync(reader, cancellation).ConfigureAwait(false);
                    DdeFields.Report(context, DdeFields.Find(instructions), item.Name);
                }
            }
            catch (XmlException exception)
            {
                context.Incomplete($"ooxml-links: {item.Name} is not well-formed XML ({exception.Message})");
            }
        }
    }

    private static bool IsRelationships(string name) => name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);

    private static async Task ReadRelationshipsAsync(XmlReader reader, ScanContext context, CancellationToken cancellation)
    {
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            cancellation.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                && string.Equals(reader.GetAttribute("TargetMode"), "External", StringComparison.OrdinalIgnoreCase))
            {
                OoxmlRelationships.Report(context, reader.GetAttribute("Type") ?? string.Empty, reader.GetAttribute("Target") ?? string.Empty);
            }
        }
    }

    private static async Task ReadExcelLinksAsync(XmlReader reader, ScanContext context, string part, CancellationToken cancellation)
    {
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            cancellation.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "ddeLink")
            {
                var service = reader.GetAttribute("ddeService") ?? string.Empty;
                var topic = reader.GetAttribute("ddeTopic") ?? string.Empty;
                DdeFields.Report(context, automatic: false, service, topic, $"ddeService=\"{service}\" ddeTopic=\"{topic}\"", part);
            }
        }
    }

    /// <summary>The field instructions of a Word part, one field per line: instrText runs joined (Word splits
    /// instructions over runs at will), fldSimple instructions as they are.</summary>
    private static async Task<string> ReadFieldInstructionsAsync(XmlReader reader, CancellationToken cancellation)
    {
        var text = new StringBuilder();
        while (await reader.ReadAsync().ConfigureAwait(false) && text.Length < MaxInstructionCharacters)
        {
            cancellation.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.LocalName == "fldChar" && reader.GetAttribute("fldCharType", reader.NamespaceURI) == "begin")
            {
                text.Append('\n');
            }
            else if (reader.LocalName == "fldSimple")
            {
                text.Append('\n').Append(reader.GetAttribute("instr", reader.NamespaceURI)).Append('\n');
            }
            else if (reader.LocalName == "instrText" && !reader.IsEmptyElement)
            {
                text.Append(await reader.ReadElementContentAsStringAsync().ConfigureAwait(false));
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"(?:^|/)word/(?:document|header\d*|footer\d*|footnotes|endnotes|comments|glossary/document)\.xml$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WordStoryPart();

    [GeneratedRegex(@"(?:^|/)xl/externalLinks/externalLink\d*\.xml$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExcelLinkPart();
}
