using Crible.Identification;
using Crible.Identification.Detectors;
using Crible.Model;

namespace Crible.Scanners.Web;

/// <summary>
/// HTML applications (an <c>&lt;hta:application&gt;</c> element near the start), Windows Script Files (markup
/// opening with <c>&lt;package&gt;</c> or <c>&lt;job&gt;</c> and holding a script) and scriptlets (<c>&lt;component&gt;</c>
/// or <c>&lt;scriptlet&gt;</c>). Before HTML and XML, which would otherwise claim them.
/// </summary>
public sealed class WindowsScriptMarkupDetector : IFileKindDetector
{
    private const int NearStart = 4096;

    public int Priority => DetectorPriority.Markup + 5;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var text = probe.Text.Text.AsSpan();
        var start = MarkupText.SkipPrologue(text);
        if (start < 0 || start >= text.Length || text[start] != '<')
        {
            return null;
        }

        var window = text[start..Math.Min(text.Length, start + NearStart)];
        if (window.Contains("<hta:application", StringComparison.OrdinalIgnoreCase))
        {
            return WebKinds.Hta;
        }

        if (window.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && window.IndexOf("?>", StringComparison.Ordinal) is var close and > 0)
        {
            var next = MarkupText.SkipPrologue(window[(close + 2)..]);
            window = next < 0 ? [] : window[(close + 2 + next)..];
        }

        var hasScript = text.Contains("<script", StringComparison.OrdinalIgnoreCase);
        if (hasScript && (window.StartsWith("<package", StringComparison.OrdinalIgnoreCase) || window.StartsWith("<job", StringComparison.OrdinalIgnoreCase)))
        {
            return WebKinds.Wsf;
        }

        return (window.StartsWith("<component", StringComparison.OrdinalIgnoreCase) || window.StartsWith("<scriptlet", StringComparison.OrdinalIgnoreCase)
            || window.StartsWith("<?component", StringComparison.OrdinalIgnoreCase)) && (hasScript || window.Contains("<registration", StringComparison.OrdinalIgnoreCase))
            ? WebKinds.Wsc
            : null;
    }
}
