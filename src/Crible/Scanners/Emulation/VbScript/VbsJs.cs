using System.Text;

namespace Crible.Scanners.Emulation.VbScript;

/// <summary>JavaScript spelling of VBScript names and strings in the translated code.</summary>
internal static class VbsJs
{
    /// <summary>A JavaScript string literal for any text (every non-ASCII or control character escaped).</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>The JavaScript name of a VBScript variable: lower case (VBScript ignores case), prefixed so it
    /// cannot meet a JavaScript keyword or a host name. Non-ASCII letters are escaped into the name.</summary>
    public static string Variable(string name) => "v_" + Safe(name);

    public static string Procedure(string name) => "f_" + Safe(name);

    public static string Class(string name) => "c_" + Safe(name);

    private static string Safe(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('$').Append(((int)c).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
