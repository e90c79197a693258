using System.Text.RegularExpressions;
using Crible.Model;
using Crible.Scanners.Executables;

namespace Crible.Identification.Detectors;

/// <summary>
/// The small Windows text formats that fetch or run something when opened: Internet shortcuts, SCF files, library
/// and search-connector descriptions, Excel web queries, SYLK spreadsheets, JNLP descriptors, ClickOnce references
/// and registry scripts. Each is recognised by its own first line or root element, never by its extension; before
/// the XML and mail detectors, which would otherwise claim some of them.
/// </summary>
public sealed partial class WindowsCarrierDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Markup - 10;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (probe.HasAt(0, "ID;P"u8))
        {
            return CarrierKinds.Slk;
        }

        var sample = probe.Text;
        if (!sample.IsText)
        {
            return null;
        }

        var text = sample.Text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith("Windows Registry Editor Version 5.00", StringComparison.Ordinal) || text.StartsWith("REGEDIT4", StringComparison.Ordinal))
        {
            return CarrierKinds.Reg;
        }

        if (IqyPattern().IsMatch(text))
        {
            return CarrierKinds.Iqy;
        }

        if (text.StartsWith('[') && IniSection(text) is { } section)
        {
            return section;
        }

        if (XmlRootPattern().Match(text) is { Success: true } root)
        {
            return root.Groups[1].Value switch
            {
                "jnlp" => CarrierKinds.Jnlp,
                "libraryDescription" => CarrierKinds.LibraryMs,
                "searchConnectorDescription" => CarrierKinds.SearchConnector,
                _ => null,
            };
        }

        return AppRefPattern().IsMatch(text) ? CarrierKinds.AppRef : null;
    }

    private static FileKind? IniSection(string text)
    {
        if (text.StartsWith("[InternetShortcut]", StringComparison.OrdinalIgnoreCase) || text.StartsWith("[{000214A0-0000-0000-C000-000000000046}]", StringComparison.OrdinalIgnoreCase) || (text.StartsWith("[DEFAULT]", StringComparison.OrdinalIgnoreCase) && text.Contains("[InternetShortcut]", StringComparison.OrdinalIgnoreCase)))
        {
            return CarrierKinds.InternetShortcut;
        }

        return text.StartsWith("[Shell]", StringComparison.OrdinalIgnoreCase) && ScfKeyPattern().IsMatch(text) ? CarrierKinds.Scf : null;
    }

    [GeneratedRegex(@"^WEB\r?\n\d+\r?\n\s*(?:https?|ftp|file)://", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex IqyPattern();

    [GeneratedRegex(@"^\s*Command\s*=|^\s*IconFile\s*=", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ScfKeyPattern();

    [GeneratedRegex(@"^(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(jnlp|libraryDescription|searchConnectorDescription)[\s>]", RegexOptions.Singleline | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex XmlRootPattern();

    [GeneratedRegex(@"^\S+\.application#\S+\.application,\s*Culture=[^,]*,\s*PublicKeyToken=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AppRefPattern();
}
