using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Mail;

/// <summary>A file decoded from BinHex 4.0: its Macintosh name, its data and resource forks, and which CRC-16
/// checks failed.</summary>
internal sealed record BinHexFile(string Name, byte[] DataFork, byte[] ResourceFork, IReadOnlyList<string> Problems);

/// <summary>
/// BinHex 4.0 (RFC 1741): text between two colons in a 64-character alphabet, six bits per character, then
/// run-length encoded with 0x90 as the marker (0x90 0x00 is a literal 0x90; 0x90 n repeats the previous byte to n
/// copies), then a header (name, type, creator, flags, fork lengths) and the two forks, each followed by a CRC-16
/// (CCITT polynomial 0x1021, initial value 0). Every length is checked against a bound before it is trusted.
/// </summary>
internal static class BinHexDecoder
{
    private const string Alphabet = "!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr";
    private const byte RunMarker = 0x90;
    private const int HeaderFixedLength = 1 + 1 + 4 + 4 + 2 + 4 + 4 + 2;

    private static readonly sbyte[] Values = BuildValues();

    /// <summary>Decodes the BinHex data after <paramref name="start"/>; null when there is none or its header is broken.</summary>
    /// <param name="maxOutput">Most bytes the run-length stage may produce (it can expand 255 times).</param>
    public static BinHexFile? Decode(ReadOnlySpan<byte> text, int start, long maxOutput, out string? failure)
    {
        failure = null;
        var open = text[start..].IndexOf((byte)':');
        if (open < 0)
        {
            failure = "no ':' opens the encoded data";
            return null;
        }

        var packed = SixBitDecode(text[(start + open + 1)..], out var closed);
        var stream = RunLengthDecode(packed, maxOutput, out var cut);
        var file = Parse(stream, out failure);
        if (file is not null && (!closed || cut))
        {
            var problems = new List<string>(file.Problems) { cut ? $"it expands beyond {maxOutput} bytes" : "the closing ':' is missing; the file is truncated" };
            return file with { Problems = problems };
        }

        return file;
    }

    private static List<byte> SixBitDecode(ReadOnlySpan<byte> text, out bool closed)
    {
        var output = new List<byte>(text.Length * 3 / 4);
        var bits = 0;
        var count = 0;
        closed = false;
        foreach (var c in text)
        {
            if (c == ':')
            {
                closed = true;
                break;
            }

            var value = c < 128 ? Values[c] : (sbyte)-1;
            if (value < 0)
            {
                // Line breaks and spaces are ignored; anything else is not part of the alphabet either.
                continue;
            }

            bits = (bits << 6) | (byte)value;
            count += 6;
            if (count >= 8)
            {
                count -= 8;
                output.Add((byte)(bits >> count));
                bits &= (1 << count) - 1;
            }
        }

        return output;
    }

    private static byte[] RunLengthDecode(List<byte> packed, long maxOutput, out bool cut)
    {
        var output = new List<byte>(packed.Count);
        cut = false;
        var previous = -1;
        for (var index = 0; index < packed.Count; index++)
        {
            var value = packed[index];
            if (value == RunMarker && index + 1 < packed.Count)
            {
                var count = packed[++index];
                if (count == 0)
                {
                    previous = RunMarker;
                    output.Add(RunMarker);
                }
                else if (previous >= 0)
                {
                    for (var copy = 1; copy < count && output.Count < maxOutput; copy++)
                    {
                        output.Add((byte)previous);
                    }
                }
            }
            else
            {
                previous = value;
                output.Add(value);
            }

            if (output.Count >= maxOutput)
            {
                cut = true;
                break;
            }
        }

        return [.. output];
    }

    private static BinHexFile? Parse(byte[] stream, out string? failure)
    {
        failure = null;
        if (stream.Length < 1 || stream[0] is 0 or > 63 || stream.Length < 1 + stream[0] + HeaderFixedLength - 1)
        {
            failure = "the header is truncated or its name length is invalid";
            return null;
        }

        var nameLength = stream[0];
        var header = stream.AsSpan(0, 1 + nameLength + 1 + 4 + 4 + 2 + 4 + 4);
        var name = Encoding.Latin1.GetString(stream, 1, nameLength);
        var dataLength = BinaryPrimitives.ReadUInt32BigEndian(header[^8..]);
        var resourceLength = BinaryPrimitives.ReadUInt32BigEndian(header[^4..]);
        var problems = new List<string>();
        Check(header, stream, header.Length, "header", problems);
        var position = header.Length + 2;
        var data = Fork(stream, ref position, dataLength, "data fork", problems);
        var resource = Fork(stream, ref position, resourceLength, "resource fork", problems);
        return new BinHexFile(name, data, resource, problems);
    }

    private static byte[] Fork(byte[] stream, ref int position, uint length, string what, List<string> problems)
    {
        var available = Math.Max(0, stream.Length - position);
        if (length > available)
        {
            problems.Add($"the {what} is truncated ({available} of {length} bytes)");
            var partial = stream.AsSpan(Math.Min(position, stream.Length), available).ToArray();
            position = stream.Length;
            return partial;
        }

        var fork = stream.AsSpan(position, (int)length).ToArray();
        Check(fork, stream, position + (int)length, what, problems);
        position += (int)length + 2;
        return fork;
    }

    private static void Check(ReadOnlySpan<byte> covered, byte[] stream, int crcAt, string what, List<string> problems)
    {
        if (crcAt + 2 > stream.Length)
        {
            problems.Add($"the CRC of the {what} is missing");
        }
        else if (BinaryPrimitives.ReadUInt16BigEndian(stream.AsSpan(crcAt)) != Crc16(covered))
        {
            problems.Add($"the {what} fails its CRC check");
        }
    }

    /// <summary>CRC-16/XMODEM: polynomial 0x1021, initial value 0, no reflection.</summary>
    private static ushort Crc16(ReadOnlySpan<byte> bytes)
    {
        var crc = 0;
        foreach (var b in bytes)
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }

        return (ushort)crc;
    }

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var index = 0; index < Alphabet.Length; index++)
        {
            values[Alphabet[index]] = (sbyte)index;
        }

        return values;
    }
}
