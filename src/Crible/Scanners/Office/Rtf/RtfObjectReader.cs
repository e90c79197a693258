using System.Text;

namespace Crible.Scanners.Office.Rtf;

/// <summary>
/// Finds the \objdata destinations of an RTF document and decodes their hexadecimal as Word does, including the
/// tricks malicious RTFs use against simpler tools: whitespace and line breaks anywhere in the hex, control words
/// and nested groups inside the data (ignored), \binN raw bytes, destinations nested inside (their text is theirs),
/// an odd digit dropped before \'hh and at the end. One linear pass; the nesting it tracks and the number of objects
/// are bounded.
/// </summary>
public static class RtfObjectReader
{
    public const int MaxObjects = 1000;
    public const int MaxDestinationDepth = 4096;
    private const int MaxControlWordLength = 253;

    public static List<RtfObjectData> Read(ReadOnlySpan<byte> rtf, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var objects = new List<RtfObjectData>();
        var destinations = new Stack<Destination>();
        var current = new Destination(IsObjectData: false, Level: 0, Start: 0);
        var level = 0;
        var position = 0;
        while (position < rtf.Length)
        {
            switch (rtf[position])
            {
                case (byte)'{':
                    level++;
                    position++;
                    break;
                case (byte)'}':
                    if (current.Level == level && destinations.Count > 0)
                    {
                        Close(current, objects, problems);
                        current = destinations.Pop();
                    }

                    level = Math.Max(0, level - 1);
                    position++;
                    break;
                case (byte)'\\':
                    position = ControlWord(rtf, position, level, ref current, destinations, objects, problems);
                    break;
                default:
                    var end = rtf[position..].IndexOfAny("{}\\"u8);
                    var text = end < 0 ? rtf[position..] : rtf.Slice(position, end);
                    current.Hex?.AddHexDigits(text);

                    position += text.Length;
                    break;
            }
        }

        while (destinations.Count > 0)
        {
            Close(current, objects, problems);
            current = destinations.Pop();
        }

        return objects;
    }

    private static int ControlWord(ReadOnlySpan<byte> rtf, int position, int level, ref Destination current, Stack<Destination> destinations, List<RtfObjectData> objects, List<string> problems)
    {
        var start = position + 1;
        if (start >= rtf.Length)
        {
            return rtf.Length;
        }

        if (!char.IsAsciiLetter((char)rtf[start]))
        {
            return ControlSymbol(rtf, start, current);
        }

        var cursor = start;
        while (cursor < rtf.Length && cursor - start < MaxControlWordLength && char.IsAsciiLetter((char)rtf[cursor]))
        {
            cursor++;
        }

        var word = Encoding.ASCII.GetString(rtf[start..cursor]);
        var parameterStart = cursor;
        if (cursor < rtf.Length && rtf[cursor] == '-')
        {
            cursor++;
        }

        while (cursor < rtf.Length && cursor - start < MaxControlWordLength && char.IsAsciiDigit((char)rtf[cursor]))
        {
            cursor++;
        }

        var parameter = rtf[parameterStart..cursor];
        if (cursor < rtf.Length && rtf[cursor] == ' ')
        {
            cursor++;
        }

        if (word == "bin")
        {
            var count = BinLength(parameter);
            var available = (int)Math.Min(count, rtf.Length - cursor);
            current.Hex?.AddBytes(rtf.Slice(cursor, available));

            return cursor + available;
        }

        if (RtfDestinations.Contains(word))
        {
            if (current.Level == level && destinations.Count > 0)
            {
                Close(current, objects, problems);
                current = destinations.Pop();
            }

            if (destinations.Count < MaxDestinationDepth)
            {
                destinations.Push(current);
                current = new Destination(word == "objdata", level, position);
            }
            else if (problems.Count == 0 || problems[^1] != "destinations nested too deep")
            {
                problems.Add("destinations nested too deep");
            }
        }

        return cursor;
    }

    /// <summary>\'hh skips its two characters; inside \objdata Word then drops a pending odd hex digit.</summary>
    private static int ControlSymbol(ReadOnlySpan<byte> rtf, int symbol, Destination current)
    {
        if (rtf[symbol] != '\'')
        {
            return symbol + 1;
        }

        current.Hex?.DropPendingDigit();

        return Math.Min(rtf.Length, symbol + 3);
    }

    /// <summary>Word reads up to 250 digits; a negative or missing length counts as zero.</summary>
    private static long BinLength(ReadOnlySpan<byte> parameter)
    {
        if (parameter.IsEmpty || parameter[0] == '-')
        {
            return 0;
        }

        long value = 0;
        foreach (var digit in parameter)
        {
            value = Math.Min(int.MaxValue, (value * 10) + (digit - '0'));
        }

        return value;
    }

    private static void Close(Destination destination, List<RtfObjectData> objects, List<string> problems)
    {
        var data = destination.Hex?.ToArray() ?? [];
        if (data.Length == 0)
        {
            return;
        }

        if (objects.Count < MaxObjects)
        {
            objects.Add(new RtfObjectData(destination.Start, data));
        }
        else if (!problems.Contains("too many objects"))
        {
            problems.Add("too many objects");
        }
    }

    private sealed record Destination(bool IsObjectData, int Level, int Start)
    {
        /// <summary>Only an \objdata collects bytes.</summary>
        public HexAccumulator? Hex { get; } = IsObjectData ? new() : null;
    }
}
