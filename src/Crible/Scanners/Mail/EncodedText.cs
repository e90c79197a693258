using Crible.Pipeline;

namespace Crible.Scanners.Mail;

/// <summary>Helpers shared by the decoders of binary-as-text encodings (uuencode, yEnc, BinHex, Base64).</summary>
internal static class EncodedText
{
    /// <summary>The whole file, or null (and the node marked incomplete) when it is too large to decode in memory.</summary>
    public static byte[]? ReadAll(ScanItem item, ScanContext context)
    {
        if (item.Size > context.Limits.MaxInMemoryBytes)
        {
            context.Incomplete($"{context.ScannerName}: {item.Size} bytes of encoded text is more than the {context.Limits.MaxInMemoryBytes} bytes decoded in memory");
            return null;
        }

        return item.Data.ReadAllBytes();
    }

    /// <summary>The offset of the next line at or after <paramref name="from"/> that starts with <paramref name="prefix"/>, or -1.</summary>
    public static int FindLineStart(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix, int from)
    {
        while (from >= 0 && from < text.Length)
        {
            var at = text[from..].IndexOf(prefix);
            if (at < 0)
            {
                return -1;
            }

            at += from;
            if (at == 0 || text[at - 1] is (byte)'\n' or (byte)'\r')
            {
                return at;
            }

            from = at + 1;
        }

        return -1;
    }

    /// <summary>The offset just past the end of the line that contains <paramref name="from"/> (its line break included).</summary>
    public static int NextLine(ReadOnlySpan<byte> text, int from)
    {
        var end = text[from..].IndexOf((byte)'\n');
        return end < 0 ? text.Length : from + end + 1;
    }

    /// <summary>The line at <paramref name="from"/> without its line break, as Latin-1 text.</summary>
    public static string LineAt(ReadOnlySpan<byte> text, int from)
    {
        var line = text[from..NextLine(text, from)];
        return System.Text.Encoding.Latin1.GetString(line).TrimEnd('\r', '\n');
    }

    /// <summary>A member name from an encoding's header, or a fallback when it has none.</summary>
    public static string NameOr(string? name, string fallback)
    {
        var trimmed = name?.Trim().Trim('"');
        return string.IsNullOrEmpty(trimmed) ? fallback : trimmed;
    }
}
