using System.Text;

namespace Crible.Scanners.Pdf;

/// <summary>
/// Names of active content written with <c>#xx</c> escapes (<c>/J#61vaScript</c>, <c>/O#70enAction</c>): legal
/// PDF, used by nobody but those hiding keywords from scanners. Fonts escape spaces (<c>/Arial#20Bold</c>), so
/// only the names of actions and their triggers count. One pass over the file, names bounded in length.
/// </summary>
internal static class PdfNameObfuscation
{
    private const int MaxNameLength = 64;
    private const int MaxFound = 16;

    private static readonly HashSet<string> Watched = new(StringComparer.Ordinal)
    {
        "JavaScript", "JS", "OpenAction", "AA", "Launch", "EmbeddedFile", "EmbeddedFiles", "URI", "SubmitForm",
        "RichMedia", "XFA", "AcroForm", "GoToE", "GoToR", "ImportData", "Action", "S", "Names", "Filter",
        "FlateDecode", "ASCIIHexDecode", "ASCII85Decode", "ObjStm", "EF", "F", "Win", "Encrypt",
    };

    /// <returns>Raw spelling and the name it stands for, at most <see cref="MaxFound"/>.</returns>
    public static List<(string Raw, string Name)> Find(byte[] data)
    {
        var found = new List<(string, string)>();
        var position = 0;
        while (found.Count < MaxFound)
        {
            var hash = data.AsSpan(position).IndexOf((byte)'#');
            if (hash < 0)
            {
                break;
            }

            hash += position;
            position = hash + 1;
            var start = hash;
            while (start > 0 && hash - start < MaxNameLength && data[start - 1] != '/' && PdfSyntax.IsRegular(data[start - 1]))
            {
                start--;
            }

            if (start == 0 || data[start - 1] != '/')
            {
                continue;
            }

            var end = hash;
            while (end < data.Length && end - start < MaxNameLength && PdfSyntax.IsRegular(data[end]))
            {
                end++;
            }

            var raw = Encoding.Latin1.GetString(data, start, end - start);
            var name = Decode(raw);
            if (Watched.Contains(name) && !found.Exists(f => f.Item1 == raw))
            {
                found.Add((raw, name));
            }

            position = end;
        }

        return found;
    }

    private static string Decode(string raw)
    {
        var name = new StringBuilder(raw.Length);
        for (var index = 0; index < raw.Length; index++)
        {
            if (raw[index] == '#' && index + 2 < raw.Length && Uri.IsHexDigit(raw[index + 1]) && Uri.IsHexDigit(raw[index + 2]))
            {
                name.Append((char)Convert.ToInt32(raw.Substring(index + 1, 2), 16));
                index += 2;
            }
            else
            {
                name.Append(raw[index]);
            }
        }

        return name.ToString();
    }
}
