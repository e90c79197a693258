namespace Crible.Scanners.Office.Ole;

/// <summary>
/// Whether a file wrapped in an OLE Package runs when the reader double-clicks its icon: a program, a shortcut or a
/// script, by its name's extension (what Windows goes by when the packager opens it) or by its content (a PE or a
/// shortcut under an innocent name).
/// </summary>
public static class RunnablePackagedFile
{
    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".exe"] = "program",
        [".scr"] = "program",
        [".com"] = "program",
        [".pif"] = "program",
        [".cpl"] = "program",
        [".dll"] = "program",
        [".msi"] = "installer",
        [".msp"] = "installer",
        [".application"] = "program",
        [".lnk"] = "shortcut",
        [".url"] = "shortcut",
        [".scf"] = "shortcut",
        [".settingcontent-ms"] = "shortcut",
        [".bat"] = "script",
        [".cmd"] = "script",
        [".vbs"] = "script",
        [".vbe"] = "script",
        [".js"] = "script",
        [".jse"] = "script",
        [".wsf"] = "script",
        [".wsh"] = "script",
        [".hta"] = "script",
        [".ps1"] = "script",
        [".psm1"] = "script",
        [".sct"] = "script",
        [".jar"] = "program",
        [".reg"] = "script",
        [".inf"] = "script",
        [".chm"] = "script",
        [".msc"] = "script",
    };

    private static readonly byte[] ShortcutHeader = [0x4C, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00];

    /// <summary>"program", "shortcut", "script" or "installer", and why; null for any other file.</summary>
    public static (string Kind, string Reason)? Describe(OlePackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var content = package.Data.Span;
        if (content.StartsWith("MZ"u8))
        {
            return ("program", "its content is a Windows program (MZ header)");
        }

        if (content.StartsWith(ShortcutHeader))
        {
            return ("shortcut", "its content is a Windows shortcut");
        }

        foreach (var name in new[] { package.FileName, package.SourcePath, package.Label })
        {
            if (Extensions.TryGetValue(Path.GetExtension(name.Replace('\\', '/').Trim()), out var kind))
            {
                return (kind, $"its name {name} ends in a {kind} extension");
            }
        }

        return null;
    }
}
