using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>XML documents by their declaration ("&lt;?xml" followed by whitespace) after an optional BOM and
/// whitespace. XHTML is claimed by <see cref="HtmlDetector"/> first.</summary>
public sealed class XmlDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Markup + 20;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var text = probe.Text.Text.AsSpan();
        var start = 0;
        while (start < text.Length && start <= MarkupText.MaxPrologueLength && (char.IsWhiteSpace(text[start]) || text[start] == '\uFEFF'))
        {
            start++;
        }

        var rest = text[start..];
        return rest.StartsWith("<?xml", StringComparison.Ordinal) && rest.Length > 5 && (char.IsWhiteSpace(rest[5]) || rest[5] == '?')
            ? FileKinds.Xml
            : null;
    }
}
