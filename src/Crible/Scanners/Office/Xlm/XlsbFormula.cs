using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Crible.Scanners.Office.Xlm;

/// <summary>
/// Reads a BIFF12 parsed formula (MS-XLSB 2.5.98.88 Rgce) back into what a macro analyst reads: the functions and
/// commands it calls, its string constants, and its text (=EXEC("calc")), rebuilt from the reverse-Polish tokens.
/// BIFF12 tokens are the BIFF8 ones with wider operands (4-byte rows, 2-byte string lengths in UTF-16). Strings built
/// from constants (CHAR(104)&amp;"ttp") are folded and kept too, since that is how XLM macros hide their URLs.
/// A token that is unknown or does not fit ends the walk; what was read is kept.
/// </summary>
public static class XlsbFormula
{
    public const int MaxTokens = 10_000;

    public static XlsbFormulaText Read(ReadOnlySpan<byte> rgce, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var walk = new FormulaStack();
        var position = 0;
        for (var count = 0; count < MaxTokens && position < rgce.Length; count++)
        {
            var ptg = rgce[position++];
            var size = Token(ptg, rgce[position..], walk, names);
            if (size < 0 || size > rgce.Length - position)
            {
                walk.Break();
                break;
            }

            position += size;
        }

        return walk.Result();
    }

    /// <summary>One token: what it does to the stack, and how many bytes follow its type byte (-1: unknown or cut).</summary>
    private static int Token(byte ptg, ReadOnlySpan<byte> rest, FormulaStack walk, IReadOnlyList<string> names)
    {
        switch (ptg)
        {
            case 0x01 or 0x02:
                walk.Push("<shared formula>");
                return 4;
            case >= 0x03 and <= 0x11:
                walk.Binary(BinaryOperator(ptg));
                return 0;
            case 0x12 or 0x13:
                walk.Unary(ptg == 0x12 ? "+" : "-", string.Empty);
                return 0;
            case 0x14:
                walk.Unary(string.Empty, "%");
                return 0;
            case 0x15:
                walk.Unary("(", ")");
                return 0;
            case 0x16:
                walk.Push(string.Empty);
                return 0;
            case 0x17:
                return StringToken(rest, walk);
            case 0x19:
                return AttributeToken(rest, walk);
            case 0x1C when rest.Length >= 1:
                walk.Push(ErrorText(rest[0]));
                return 1;
            case 0x1D when rest.Length >= 1:
                walk.Push(rest[0] != 0 ? "TRUE" : "FALSE");
                return 1;
            case 0x1E when rest.Length >= 2:
                var integer = BinaryPrimitives.ReadUInt16LittleEndian(rest);
                walk.Push(integer.ToString(CultureInfo.InvariantCulture), integer: integer);
                return 2;
            case 0x1F when rest.Length >= 8:
                walk.Push(BinaryPrimitives.ReadDoubleLittleEndian(rest).ToString("R", CultureInfo.InvariantCulture));
                return 8;
            case >= 0x20 and < 0x80:
                return OperandToken((byte)((ptg & 0x1F) | 0x20), rest, walk, names);
            default:
                return -1;
        }
    }

    private static int OperandToken(byte ptg, ReadOnlySpan<byte> rest, FormulaStack walk, IReadOnlyList<string> names)
    {
        var size = OperandSize(ptg);
        if (size < 0 || rest.Length < size)
        {
            return -1;
        }

        switch (ptg)
        {
            case 0x20:
                walk.Push("{array}");
                break;
            case 0x21:
                var number = BinaryPrimitives.ReadUInt16LittleEndian(rest);
                walk.Call(XlmFunctionNames.Function(number), XlmFunctionNames.Arity(number), userDefined: false);
                break;
            case 0x22:
                var tab = BinaryPrimitives.ReadUInt16LittleEndian(rest[1..]);
                var command = (tab & 0x8000) != 0;
                var index = tab & 0x7FFF;
                var name = command ? XlmFunctionNames.Command(index) : XlmFunctionNames.Function(index);
                walk.Call(name, rest[0] & 0x7F, userDefined: !command && index == XlmFunctionNames.UserDefined);
                break;
            case 0x23:
                var nameIndex = BinaryPrimitives.ReadUInt32LittleEndian(rest);
                walk.Push(nameIndex >= 1 && nameIndex <= names.Count ? names[(int)nameIndex - 1] : string.Create(CultureInfo.InvariantCulture, $"NAME{nameIndex}"));
                break;
            case 0x24 or 0x2C:
                walk.Push(Cell(rest, relative: ptg == 0x2C));
                break;
            case 0x25 or 0x2D:
                walk.Push(Area(rest, relative: ptg == 0x2D));
                break;
            case 0x2A or 0x2B or 0x3C or 0x3D:
                walk.Push("#REF!");
                break;
            case 0x39:
                walk.Push(string.Create(CultureInfo.InvariantCulture, $"EXTERNAL{BinaryPrimitives.ReadUInt16LittleEndian(rest)}!NAME{BinaryPrimitives.ReadUInt32LittleEndian(rest[2..])}"));
                break;
            case 0x3A:
                walk.Push(Sheet(rest) + Cell(rest[2..], relative: false));
                break;
            case 0x3B:
                walk.Push(Sheet(rest) + Area(rest[2..], relative: false));
                break;
        }

        return size;
    }

    /// <summary>The operand's size in BIFF12; the ptgMem* tokens only announce the sub-expression that follows.</summary>
    private static int OperandSize(byte ptg) => ptg switch
    {
        0x20 => 14,
        0x21 => 2,
        0x22 => 3,
        0x23 => 4,
        0x24 or 0x2A or 0x2C or 0x26 or 0x27 or 0x28 or 0x39 => 6,
        0x29 => 2,
        0x25 or 0x2B or 0x2D => 12,
        0x3A or 0x3C => 8,
        0x3B or 0x3D => 14,
        _ => -1,
    };

    /// <summary>ptgStr: a 2-byte character count, then UTF-16.</summary>
    private static int StringToken(ReadOnlySpan<byte> rest, FormulaStack walk)
    {
        if (rest.Length < 2)
        {
            return -1;
        }

        var size = 2 + (BinaryPrimitives.ReadUInt16LittleEndian(rest) * 2);
        if (size > rest.Length)
        {
            return -1;
        }

        walk.PushString(Encoding.Unicode.GetString(rest[2..size]));
        return size;
    }

    /// <summary>ptgAttr: a flag byte and a word, plus the jump table of tAttrChoose; tAttrSum is SUM of one argument.</summary>
    private static int AttributeToken(ReadOnlySpan<byte> rest, FormulaStack walk)
    {
        if (rest.Length < 3)
        {
            return -1;
        }

        if ((rest[0] & 0x10) != 0)
        {
            walk.Call("SUM", 1, userDefined: false);
        }

        var choose = (rest[0] & 0x04) != 0;
        return 3 + (choose ? (BinaryPrimitives.ReadUInt16LittleEndian(rest[1..]) + 1) * 2 : 0);
    }

    private static string BinaryOperator(byte ptg) => ptg switch
    {
        0x03 => "+",
        0x04 => "-",
        0x05 => "*",
        0x06 => "/",
        0x07 => "^",
        0x08 => "&",
        0x09 => "<",
        0x0A => "<=",
        0x0B => "=",
        0x0C => ">=",
        0x0D => ">",
        0x0E => "<>",
        0x0F => " ",
        0x10 => ",",
        _ => ":",
    };

    private static string ErrorText(byte code) => code switch
    {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        _ => "#ERROR!",
    };

    private static string Sheet(ReadOnlySpan<byte> rest) => string.Create(CultureInfo.InvariantCulture, $"SHEET{BinaryPrimitives.ReadUInt16LittleEndian(rest)}!");

    /// <summary>RgceLoc: a 4-byte row and a 2-byte column whose two high bits say which of them is relative.</summary>
    private static string Cell(ReadOnlySpan<byte> loc, bool relative)
    {
        var row = BinaryPrimitives.ReadInt32LittleEndian(loc);
        var column = BinaryPrimitives.ReadUInt16LittleEndian(loc[4..]);
        var columnRelative = (column & 0x4000) != 0;
        var rowRelative = (column & 0x8000) != 0;
        var number = column & 0x3FFF;
        if (relative)
        {
            var offset = columnRelative && number >= 0x2000 ? number - 0x4000 : number;
            return string.Create(CultureInfo.InvariantCulture, $"R{(rowRelative ? $"[{row}]" : (row + 1L).ToString(CultureInfo.InvariantCulture))}C{(columnRelative ? $"[{offset}]" : (number + 1).ToString(CultureInfo.InvariantCulture))}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{(columnRelative ? string.Empty : "$")}{XlsbMacroSheet.ColumnName(number)}{(rowRelative ? string.Empty : "$")}{(uint)row + 1L}");
    }

    /// <summary>RgceArea: two rows, then two columns.</summary>
    private static string Area(ReadOnlySpan<byte> area, bool relative)
    {
        Span<byte> first = stackalloc byte[6];
        Span<byte> last = stackalloc byte[6];
        area[..4].CopyTo(first);
        area[8..10].CopyTo(first[4..]);
        area[4..8].CopyTo(last);
        area[10..12].CopyTo(last[4..]);
        return Cell(first, relative) + ":" + Cell(last, relative);
    }
}

/// <summary>What a formula calls, its string constants (written or folded) and its text when it could be rebuilt.</summary>
public sealed record XlsbFormulaText(IReadOnlyList<string> Calls, IReadOnlyList<string> Strings, string? Text);
