namespace Crible.Scanners.Office.Rtf;

/// <summary>Collects hexadecimal digits (anything else is skipped) and raw bytes into bytes, nibble by nibble.</summary>
internal sealed class HexAccumulator
{
    private readonly List<byte> _bytes = [];
    private int _pending = -1;

    public void AddHexDigits(ReadOnlySpan<byte> text)
    {
        foreach (var c in text)
        {
            var value = HexValue(c);
            if (value >= 0)
            {
                AddNibble(value);
            }
        }
    }

    /// <summary>Raw bytes (from \bin) count as their two hex digits would.</summary>
    public void AddBytes(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            AddNibble(b >> 4);
            AddNibble(b & 0xF);
        }
    }

    public void DropPendingDigit() => _pending = -1;

    /// <summary>The bytes so far; an unpaired last digit is dropped, as Word does.</summary>
    public byte[] ToArray() => [.. _bytes];

    private void AddNibble(int value)
    {
        if (_pending < 0)
        {
            _pending = value;
            return;
        }

        _bytes.Add((byte)((_pending << 4) | value));
        _pending = -1;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
