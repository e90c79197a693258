using System.Globalization;
using System.Text;

namespace Crible.Scanners.Office.Ole;

/// <summary>Readable names for compound file entries: control characters written as \uXXXX (so
/// "\u0001Ole10Native" stays told apart from "\u0005SummaryInformation"), and Windows Installer's packed names
/// unpacked.</summary>
public static class OleStreamNames
{
    private const string InstallerAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._";

    /// <summary>The character Windows Installer puts before the names of its database tables.</summary>
    public const char InstallerTableMarker = '\u4840';

    /// <summary>A name with its control characters escaped.</summary>
    public static string Escape(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.Any(char.IsControl))
        {
            return name;
        }

        var builder = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Unpacks a Windows Installer stream name: MSI stores names from a 64-character alphabet two per character in
    /// U+3800..U+47FF, one per character in U+4800..U+483F, and marks tables with U+4840 (written '!').
    /// </summary>
    public static string DecodeInstallerName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length * 2);
        foreach (var c in name)
        {
            if (c is >= '\u3800' and < '\u4800')
            {
                var value = c - 0x3800;
                builder.Append(InstallerAlphabet[value & 0x3F]).Append(InstallerAlphabet[(value >> 6) & 0x3F]);
            }
            else if (c is >= '\u4800' and < InstallerTableMarker)
            {
                builder.Append(InstallerAlphabet[c - 0x4800]);
            }
            else
            {
                builder.Append(c == InstallerTableMarker ? '!' : c);
            }
        }

        return builder.ToString();
    }
}
