using System.Buffers.Binary;

namespace Crible.Scanners.Executables.Upx;

/// <summary>
/// Undoes UPX's call/jump filter: before compressing code, UPX replaces the relative target of each CALL (E8) and
/// JMP (E9) with its absolute, big-endian target whose top byte is a marker (the "cto" byte), so that repeated calls
/// compress better. Only the marked filters 0x24 (E8), 0x25 (E9) and 0x26 (both) are undone; others are left.
/// </summary>
public static class UpxFilter
{
    public static bool CanUndo(int filter) => filter is 0x24 or 0x25 or 0x26;

    /// <summary>Restores the relative targets in <paramref name="length"/> bytes of <paramref name="data"/> from
    /// <paramref name="start"/>; <paramref name="addValue"/> is the code's offset that UPX added to each target.</summary>
    /// <returns>The number of calls and jumps restored.</returns>
    public static int Undo(Span<byte> data, int filter, int cto, int start, int length, uint addValue)
    {
        if (!CanUndo(filter) || start < 0 || length < 5 || start > data.Length - length)
        {
            return 0;
        }

        var code = data.Slice(start, length);
        var restored = 0;
        for (var at = 0; at < code.Length - 4; at++)
        {
            var opcode = code[at];
            var matches = filter switch
            {
                0x24 => opcode == 0xE8,
                0x25 => opcode == 0xE9,
                _ => opcode is 0xE8 or 0xE9,
            };
            if (!matches || code[at + 1] != cto)
            {
                continue;
            }

            var target = BinaryPrimitives.ReadUInt32BigEndian(code[(at + 1)..]) - ((uint)cto << 24);
            BinaryPrimitives.WriteUInt32LittleEndian(code[(at + 1)..], unchecked(target - (uint)(at + 1) - addValue));
            restored++;
            at += 4;
        }

        return restored;
    }
}
