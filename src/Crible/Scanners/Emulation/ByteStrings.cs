using System.Text;

namespace Crible.Scanners.Emulation;

/// <summary>
/// Binary data inside the emulated host travels as "byte strings": one character per byte (0-255), as JScript's own
/// binary-safe idioms use. Text is encoded to bytes with the charsets ADODB.Stream and the FileSystemObject use.
/// </summary>
internal static class ByteStrings
{
    public static byte[] ToBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = unchecked((byte)text[i]);
        }

        return bytes;
    }

    public static string FromBytes(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Text as the named charset writes it; UTF-16 and UTF-8 get the byte-order mark ADODB.Stream writes.</summary>
    public static string Encode(string text, string charset) => Kind(charset) switch
    {
        CharsetKind.Utf16 => "\u00FF\u00FE" + FromBytes(Encoding.Unicode.GetBytes(text)),
        CharsetKind.Utf8 => "\u00EF\u00BB\u00BF" + FromBytes(Encoding.UTF8.GetBytes(text)),
        CharsetKind.Ascii => FromBytes(Encoding.ASCII.GetBytes(text)),
        _ => FromBytes(Encoding.Latin1.GetBytes(text)),
    };

    /// <summary>Encoded text without the byte-order mark, for a write that does not start the stream.</summary>
    public static string WithoutBom(string encoded, string charset) => Kind(charset) switch
    {
        CharsetKind.Utf16 when encoded.StartsWith("\u00FF\u00FE", StringComparison.Ordinal) => encoded[2..],
        CharsetKind.Utf8 when encoded.StartsWith("\u00EF\u00BB\u00BF", StringComparison.Ordinal) => encoded[3..],
        _ => encoded,
    };

    public static string Decode(string bytes, string charset)
    {
        var raw = ToBytes(bytes);
        return Kind(charset) switch
        {
            CharsetKind.Utf16 => Encoding.Unicode.GetString(raw.AsSpan(raw.Length >= 2 && raw[0] == 0xFF && raw[1] == 0xFE ? 2 : 0)),
            CharsetKind.Utf8 => Encoding.UTF8.GetString(raw.AsSpan(raw.Length >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF ? 3 : 0)),
            _ => bytes,
        };
    }

    private static CharsetKind Kind(string charset)
    {
        var name = charset.Trim().ToLowerInvariant();
        return name switch
        {
            "unicode" or "utf-16" or "utf-16le" or "unicodefffe" => CharsetKind.Utf16,
            "utf-8" or "utf8" => CharsetKind.Utf8,
            "ascii" or "us-ascii" => CharsetKind.Ascii,
            _ => CharsetKind.Latin1,
        };
    }

    private enum CharsetKind
    {
        Latin1,
        Utf16,
        Utf8,
        Ascii,
    }
}
