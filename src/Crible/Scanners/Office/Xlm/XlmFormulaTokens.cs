using System.Buffers.Binary;

namespace Crible.Scanners.Office.Xlm;

/// <summary>
/// Walks a BIFF8 parsed formula (MS-XLS 2.5.198: Rgce) for what matters in a macro: the built-in functions it calls
/// (ptgFunc, ptgFuncVar; commands from <see cref="CommandBase"/>) and its string constants (ptgStr). An unknown token ends the walk: what was read is kept.
/// </summary>
public static class XlmFormulaTokens
{
    /// <summary>Macro commands (Cetab, ptgFuncVar with fCeFunc) are numbered apart from functions: WAIT is not REGISTER.</summary>
    public const int CommandBase = 0x10000;

    private const int MaxTokens = 10_000;

    public static XlmTokens Read(ReadOnlySpan<byte> rgce)
    {
        var functions = new List<int>();
        var strings = new List<string>();
        var position = 0;
        for (var count = 0; count < MaxTokens && position < rgce.Length; count++)
        {
            var ptg = rgce[position++];
            var size = ptg switch
            {
                0x17 => StringToken(rgce, position, strings),
                0x18 => -1,
                0x19 => AttributeSize(rgce, position),
                _ when ptg is >= 0x03 and <= 0x16 => 0,
                _ when ptg < 0x20 => FixedSize(ptg),
                _ => OperandSize(ptg, rgce, position, functions),
            };
            if (size < 0 || position + size > rgce.Length)
            {
                break;
            }

            position += size;
        }

        return new XlmTokens(functions, strings);
    }

    private static int FixedSize(byte ptg) => ptg switch
    {
        0x01 or 0x02 => 4,
        0x1C or 0x1D => 1,
        0x1E => 2,
        0x1F => 8,
        _ => -1,
    };

    /// <summary>Operand tokens come in three classes (0x20, 0x40, 0x60) with the same layout.</summary>
    private static int OperandSize(byte ptg, ReadOnlySpan<byte> rgce, int position, List<int> functions)
    {
        var baseToken = (ptg & 0x1F) | 0x20;
        switch (baseToken)
        {
            case 0x21 when position + 2 <= rgce.Length:
                functions.Add(BinaryPrimitives.ReadUInt16LittleEndian(rgce[position..]) & 0x7FFF);
                return 2;
            case 0x22 when position + 3 <= rgce.Length:
                var tab = BinaryPrimitives.ReadUInt16LittleEndian(rgce[(position + 1)..]);
                functions.Add((tab & 0x8000) != 0 ? CommandBase + (tab & 0x7FFF) : tab);
                return 3;
        }

        return baseToken switch
        {
            0x20 => 7,
            0x23 or 0x24 or 0x2A or 0x2C => 4,
            0x25 or 0x2B or 0x2D => 8,
            0x26 or 0x27 or 0x28 or 0x39 or 0x3A or 0x3C => 6,
            0x29 => 2,
            0x3B or 0x3D => 10,
            _ => -1,
        };
    }

    /// <summary>ptgStr: a count byte, a high-byte flag, then the characters.</summary>
    private static int StringToken(ReadOnlySpan<byte> rgce, int position, List<string> strings)
    {
        if (position + 2 > rgce.Length)
        {
            return -1;
        }

        var count = rgce[position];
        var wide = (rgce[position + 1] & 1) != 0;
        var size = 2 + (wide ? count * 2 : count);
        strings.Add(BiffWorkbook.UnicodeString(rgce.Slice(position + 1, Math.Min(size - 1, rgce.Length - position - 1)), count));
        return size;
    }

    /// <summary>ptgAttr: a flag byte and a word, plus the jump table of tAttrChoose.</summary>
    private static int AttributeSize(ReadOnlySpan<byte> rgce, int position)
    {
        if (position + 3 > rgce.Length)
        {
            return -1;
        }

        var choose = (rgce[position] & 0x04) != 0;
        var cases = BinaryPrimitives.ReadUInt16LittleEndian(rgce[(position + 1)..]);
        return 3 + (choose ? (cases + 1) * 2 : 0);
    }
}

/// <summary>The built-in function numbers a formula calls and its string constants.</summary>
public sealed record XlmTokens(IReadOnlyList<int> Functions, IReadOnlyList<string> Strings);
