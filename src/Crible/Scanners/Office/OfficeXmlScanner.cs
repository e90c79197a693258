using System.Xml;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Office;

/// <summary>
/// Office documents saved as one XML file: Word and Excel 2007+ "Flat OPC" (<c>pkg:package</c>, whose binary parts,
/// <c>vbaProject.bin</c> and embedded objects among them, are base64 in <c>pkg:binaryData</c>) and Word 2003 XML
/// (<c>w:binData</c>, where <c>editdata.mso</c> holds the macros as ActiveMime). Each binary part is emitted decoded,
/// named by its part name, so the VBA, OLE and ActiveMime scanners read it as they would inside a package.
/// </summary>
public sealed class OfficeXmlScanner : IScanner
{
    public const int MaxParts = 1000;
    private const string PackageNamespace = "http://schemas.microsoft.com/office/2006/xmlPackage";
    private const string Word2003Namespace = "http://schemas.microsoft.com/office/word/2003/wordml";

    public string Name => "office-xml";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Xml;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var bytes = await ScanItemBytes.ReadAsync(item, context, cancellation).ConfigureAwait(false);
        var text = bytes.AsSpan();
        if (text.IndexOf("office/2006/xmlPackage"u8) < 0 && text.IndexOf("word/2003/wordml"u8) < 0)
        {
            return;
        }

        var parts = new List<(string Name, byte[] Data)>();
        try
        {
            ReadParts(bytes, parts, context, cancellation);
        }
        catch (XmlException exception)
        {
            context.Incomplete($"office-xml: the XML is malformed after {parts.Count} binary part(s) ({exception.Message})");
        }

        foreach (var (name, data) in parts)
        {
            if (await context.EmitAsync(data, name, Relation.Decoded, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }
        }
    }

    private static void ReadParts(byte[] bytes, List<(string Name, byte[] Data)> parts, ScanContext context, CancellationToken cancellation)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, MaxCharactersFromEntities = 0 };
        using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
        string? partName = null;
        reader.Read();
        while (!reader.EOF)
        {
            cancellation.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == PackageNamespace && reader.LocalName == "part")
            {
                partName = reader.GetAttribute("name", PackageNamespace);
            }
            else if (reader.NodeType == XmlNodeType.Element && (reader.NamespaceURI == PackageNamespace && reader.LocalName == "binaryData")
                || (reader.NamespaceURI == Word2003Namespace && reader.LocalName == "binData"))
            {
                var name = reader.LocalName == "binData" ? reader.GetAttribute("name", Word2003Namespace) : partName;
                name = string.IsNullOrWhiteSpace(name) ? $"part-{parts.Count}" : name.TrimStart('/');
                if (parts.Count == MaxParts)
                {
                    context.LimitHit("files", $"more than {MaxParts} binary parts in one XML document; the rest were not decoded");
                    return;
                }

                if (Decode(reader.ReadElementContentAsString()) is { } data)
                {
                    parts.Add((name, data));
                }
                else
                {
                    context.Incomplete($"office-xml: the binary part {name} is not valid base64");
                }

                // Reading the content moved the reader past the element already.
                continue;
            }

            reader.Read();
        }
    }

    private static byte[]? Decode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
