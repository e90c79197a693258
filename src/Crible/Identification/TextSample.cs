using System.Text;

namespace Crible.Identification;

/// <summary>The head of a file read as text, for detectors of text formats.</summary>
/// <param name="Text">The decoded text (UTF-8, or UTF-16 when a BOM says so).</param>
/// <param name="IsText">True when the bytes look like text: no NUL, few control characters.</param>
public sealed record TextSample(string Text, bool IsText)
{
    public static TextSample From(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
        {
            var encoding = head[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            var text = encoding.GetString(head[2..(head.Length & ~1)]);
            return new TextSample(text, LooksLikeText(text));
        }

        var skip = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var body = head[skip..];
        if (body.Contains((byte)0))
        {
            return new TextSample(string.Empty, false);
        }

        var decoded = Encoding.UTF8.GetString(body);
        return new TextSample(decoded, LooksLikeText(decoded));
    }

    private static bool LooksLikeText(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        var control = 0;
        var replaced = 0;
        foreach (var c in text)
        {
            if (c == '\uFFFD')
            {
                replaced++;
            }
            else if (char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f' or '\u001A'))
            {
                control++;
            }
        }

        // Allow a few stray bytes (legacy code pages decode as U+FFFD) but not binary data.
        return control * 100 <= text.Length && replaced * 10 <= text.Length;
    }
}
