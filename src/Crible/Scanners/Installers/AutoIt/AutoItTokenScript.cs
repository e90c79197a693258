using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Crible.Scanners.Installers.AutoIt;

/// <summary>
/// Turns an EA06 tokenised script back into readable source: a line count, then per line tokens ended by 0x7F.
/// Names, variables, macros and strings are UTF-16 XORed with their own length; keywords and functions stored by
/// number are written as <c>&lt;keyword N&gt;</c> (their tables belong to the AutoIt version). Bounded: a token that
/// does not fit, or an unknown token, ends the script there and says so.
/// </summary>
internal static class AutoItTokenScript
{
    private const int MaxStringLength = 1 << 20;

    private static readonly Dictionary<byte, string> Operators = new()
    {
        [0x40] = ",",
        [0x41] = "=",
        [0x42] = ">",
        [0x43] = "<",
        [0x44] = "<>",
        [0x45] = ">=",
        [0x46] = "<=",
        [0x47] = "(",
        [0x48] = ")",
        [0x49] = "+",
        [0x4A] = "-",
        [0x4B] = "/",
        [0x4C] = "*",
        [0x4D] = "&",
        [0x4E] = "[",
        [0x4F] = "]",
        [0x50] = "==",
        [0x51] = "^",
        [0x52] = "+=",
        [0x53] = "-=",
        [0x54] = "/=",
        [0x55] = "*=",
        [0x56] = "&=",
        [0x57] = "?",
        [0x58] = ":",
    };

    /// <summary>The source text, and the reason it stopped early (null when every line was read).</summary>
    public static (string Source, string? Problem) Decompile(ReadOnlySpan<byte> tokens, int maxChars)
    {
        var text = new StringBuilder();
        var line = new List<string>();
        if (tokens.Length < 4)
        {
            return (string.Empty, "the script is shorter than its line count");
        }

        var lines = BinaryPrimitives.ReadUInt32LittleEndian(tokens);
        var position = 4;
        for (uint done = 0; done < lines;)
        {
            if (text.Length > maxChars)
            {
                return (text.ToString(), $"the script was cut at {maxChars} characters");
            }

            if (position >= tokens.Length)
            {
                return (text.ToString(), $"the script ends after {done} of its {lines} lines");
            }

            var token = tokens[position++];
            if (token == 0x7F)
            {
                text.AppendJoin(' ', line).Append("\r\n");
                line.Clear();
                done++;
                continue;
            }

            if (ReadToken(token, tokens, ref position) is not { } part)
            {
                return (text.ToString(), $"unknown or cut token 0x{token:x2} at offset {position - 1}");
            }

            line.Add(part);
        }

        return (text.ToString(), null);
    }

    private static string? ReadToken(byte token, ReadOnlySpan<byte> tokens, ref int position)
    {
        switch (token)
        {
            case 0x00 or 0x01 when Fits(tokens, position, 4):
                var number = BinaryPrimitives.ReadInt32LittleEndian(tokens[position..]);
                position += 4;
                return string.Create(CultureInfo.InvariantCulture, $"<{(token == 0 ? "keyword" : "function")} {number}>");
            case 0x05 when Fits(tokens, position, 4):
                position += 4;
                return BinaryPrimitives.ReadUInt32LittleEndian(tokens[(position - 4)..]).ToString(CultureInfo.InvariantCulture);
            case 0x10 when Fits(tokens, position, 8):
                position += 8;
                return BinaryPrimitives.ReadInt64LittleEndian(tokens[(position - 8)..]).ToString(CultureInfo.InvariantCulture);
            case 0x20 when Fits(tokens, position, 8):
                position += 8;
                return BinaryPrimitives.ReadDoubleLittleEndian(tokens[(position - 8)..]).ToString("R", CultureInfo.InvariantCulture);
            case >= 0x30 and <= 0x37:
                return ReadString(tokens, ref position) is { } value ? Decorate(token, value) : null;
            default:
                return Operators.GetValueOrDefault(token);
        }
    }

    private static string Decorate(byte token, string value) => token switch
    {
        0x32 => "@" + value,
        0x33 => "$" + value,
        0x35 => "." + value,
        0x36 => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        _ => value,
    };

    private static string? ReadString(ReadOnlySpan<byte> tokens, ref int position)
    {
        if (!Fits(tokens, position, 4))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(tokens[position..]);
        if (length > MaxStringLength || !Fits(tokens, position + 4, (int)length * 2))
        {
            return null;
        }

        position += 4;
        var chars = new char[length];
        for (var i = 0; i < chars.Length; i++, position += 2)
        {
            chars[i] = (char)(BinaryPrimitives.ReadUInt16LittleEndian(tokens[position..]) ^ (ushort)length);
        }

        return new string(chars);
    }

    private static bool Fits(ReadOnlySpan<byte> tokens, int position, int count) => count >= 0 && position <= tokens.Length - count;
}
