using System.Buffers.Binary;

namespace Crible.Scanners.Scripts.Encoder;

/// <summary>One <c>#@~^ … ^#~@</c> block decoded: where it starts and ends in the file, the script it hides, and
/// whether its length and checksum fields agree with what was read (a block edited by hand or cut short does not).</summary>
internal sealed record EncodedScriptBlock(int Offset, int End, byte[] Script, bool Intact);

/// <summary>
/// Finds and decodes the blocks the Microsoft Script Encoder writes: <c>#@~^</c>, the encoded length as six
/// Base64 characters (a 32-bit little-endian count of encoded characters) and <c>==</c>, the encoded text, the sum of
/// the decoded bytes as six Base64 characters and <c>==</c>, then <c>^#~@</c>. A damaged length is not trusted: the
/// block then runs to its end marker, or to the end of the file.
/// </summary>
internal static class EncodedScriptReader
{
    private const int HeaderLength = 12;
    private const int TrailerLength = 12;
    private static ReadOnlySpan<byte> StartMarker => "#@~^"u8;
    private static ReadOnlySpan<byte> EndMarker => "^#~@"u8;

    /// <summary>True when <paramref name="data"/> holds a start marker followed by a well-formed length field.</summary>
    public static bool StartsBlock(ReadOnlySpan<byte> data) =>
        data.Length >= HeaderLength && data.StartsWith(StartMarker) && ReadCount(data[4..10]) is not null && data[10] == '=' && data[11] == '=';

    /// <summary>Every block of the file, in order, at most <paramref name="maxBlocks"/>.</summary>
    public static List<EncodedScriptBlock> Find(ReadOnlySpan<byte> data, int maxBlocks)
    {
        var blocks = new List<EncodedScriptBlock>();
        var from = 0;
        while (blocks.Count < maxBlocks && from < data.Length)
        {
            var found = data[from..].IndexOf(StartMarker);
            if (found < 0)
            {
                break;
            }

            var start = from + found;
            if (!StartsBlock(data[start..]))
            {
                from = start + StartMarker.Length;
                continue;
            }

            var block = Decode(data, start);
            blocks.Add(block);
            from = Math.Max(block.End, start + HeaderLength);
        }

        return blocks;
    }

    private static EncodedScriptBlock Decode(ReadOnlySpan<byte> data, int start)
    {
        var declared = ReadCount(data.Slice(start + 4, 6))!.Value;
        var body = data[(start + HeaderLength)..];
        var marker = body.IndexOf(EndMarker);
        var lengthAgrees = declared <= body.Length - TrailerLength && EndsAt(body, (int)declared);
        var encodedLength = lengthAgrees ? (int)declared : marker < 0 ? body.Length : Math.Max(0, marker - (TrailerLength - EndMarker.Length));
        var script = Decipher(body[..encodedLength]);
        var checksumAgrees = false;
        if (lengthAgrees && ReadCount(body.Slice(encodedLength, 6)) is { } checksum)
        {
            checksumAgrees = checksum == Sum(script);
        }

        var end = start + HeaderLength + (lengthAgrees ? encodedLength + TrailerLength : marker < 0 ? body.Length : marker + EndMarker.Length);
        return new EncodedScriptBlock(start, end, script, lengthAgrees && checksumAgrees);
    }

    /// <summary>True when the checksum field and the end marker follow <paramref name="declared"/> encoded bytes.</summary>
    private static bool EndsAt(ReadOnlySpan<byte> body, int declared) =>
        body[declared + 6] == '=' && body[declared + 7] == '=' && body.Slice(declared + 8, EndMarker.Length).SequenceEqual(EndMarker);

    private static byte[] Decipher(ReadOnlySpan<byte> encoded)
    {
        var output = new byte[encoded.Length];
        var length = 0;
        long position = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var value = encoded[i];
            byte plain;
            if (value == '@' && i + 1 < encoded.Length && Unescape(encoded[i + 1]) is { } escaped)
            {
                plain = escaped;
                i++;
            }
            else
            {
                plain = value is (byte)'<' or (byte)'>' or (byte)'@' ? value : ScriptEncoderCipher.Decode(value, position);
            }

            if (plain < 0x80)
            {
                position++;
            }

            output[length++] = plain;
        }

        return output[..length];
    }

    private static byte? Unescape(byte code) => code switch
    {
        (byte)'&' => (byte)'\n',
        (byte)'#' => (byte)'\r',
        (byte)'*' => (byte)'>',
        (byte)'!' => (byte)'<',
        (byte)'$' => (byte)'@',
        _ => null,
    };

    private static uint Sum(byte[] script)
    {
        uint sum = 0;
        foreach (var b in script)
        {
            sum += b;
        }

        return sum;
    }

    /// <summary>Six Base64 characters holding a 32-bit little-endian count, or null when they are not Base64.</summary>
    private static uint? ReadCount(ReadOnlySpan<byte> sixCharacters)
    {
        Span<byte> text = stackalloc byte[8];
        sixCharacters.CopyTo(text);
        text[6] = (byte)'=';
        text[7] = (byte)'=';
        Span<byte> value = stackalloc byte[6];
        return System.Buffers.Text.Base64.DecodeFromUtf8(text, value, out _, out var written) == System.Buffers.OperationStatus.Done && written == 4
            ? BinaryPrimitives.ReadUInt32LittleEndian(value)
            : null;
    }
}
