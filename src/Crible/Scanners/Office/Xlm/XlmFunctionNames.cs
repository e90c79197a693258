using System.Globalization;

namespace Crible.Scanners.Office.Xlm;

/// <summary>
/// Names of the built-in functions (Ftab, MS-XLS 2.5.198.17, shared by MS-XLSB) and macro commands (Cetab,
/// 2.5.198.4) that Excel 4.0 macros use, with the argument count of those a fixed-count token (ptgFunc) can call.
/// Only the ones a macro analyst needs are named; any other prints as its number.
/// </summary>
public static class XlmFunctionNames
{
    /// <summary>Number, name, fixed argument count (-1: variable, always called through ptgFuncVar).</summary>
    private static readonly Dictionary<int, (string Name, int Arity)> Functions = new()
    {
        [0] = ("COUNT", -1),
        [1] = ("IF", -1),
        [2] = ("ISNA", 1),
        [3] = ("ISERROR", 1),
        [4] = ("SUM", -1),
        [5] = ("AVERAGE", -1),
        [6] = ("MIN", -1),
        [7] = ("MAX", -1),
        [8] = ("ROW", -1),
        [9] = ("COLUMN", -1),
        [10] = ("NA", 0),
        [19] = ("PI", 0),
        [24] = ("ABS", 1),
        [25] = ("INT", 1),
        [27] = ("ROUND", 2),
        [29] = ("INDEX", -1),
        [30] = ("REPT", 2),
        [31] = ("MID", 3),
        [32] = ("LEN", 1),
        [33] = ("VALUE", 1),
        [34] = ("TRUE", 0),
        [35] = ("FALSE", 0),
        [36] = ("AND", -1),
        [37] = ("OR", -1),
        [38] = ("NOT", 1),
        [39] = ("MOD", 2),
        [48] = ("TEXT", 2),
        [53] = ("GOTO", 1),
        [54] = ("HALT", -1),
        [55] = ("RETURN", -1),
        [63] = ("RAND", 0),
        [65] = ("DATE", 3),
        [67] = ("DAY", 1),
        [74] = ("NOW", 0),
        [78] = ("OFFSET", -1),
        [81] = ("ARGUMENT", -1),
        [82] = ("SEARCH", -1),
        [88] = ("SET.NAME", -1),
        [90] = ("DEREF", 1),
        [94] = ("ACTIVE.CELL", 0),
        [100] = ("CHOOSE", -1),
        [104] = ("INPUT", -1),
        [108] = ("SET.VALUE", 2),
        [110] = ("EXEC", -1),
        [111] = ("CHAR", 1),
        [112] = ("LOWER", 1),
        [113] = ("UPPER", 1),
        [115] = ("LEFT", -1),
        [116] = ("RIGHT", -1),
        [118] = ("TRIM", 1),
        [119] = ("REPLACE", 4),
        [120] = ("SUBSTITUTE", -1),
        [121] = ("CODE", 1),
        [124] = ("FIND", -1),
        [130] = ("T", 1),
        [131] = ("N", 1),
        [132] = ("FOPEN", -1),
        [133] = ("FCLOSE", 1),
        [137] = ("FWRITELN", 2),
        [138] = ("FWRITE", 2),
        [148] = ("INDIRECT", -1),
        [149] = ("REGISTER", -1),
        [150] = ("CALL", -1),
        [166] = ("FILES", -1),
        [169] = ("COUNTA", -1),
        [178] = ("EXECUTE", -1),
        [185] = ("GET.CELL", -1),
        [186] = ("GET.WORKSPACE", 1),
        [187] = ("GET.WINDOW", -1),
        [188] = ("GET.DOCUMENT", -1),
        [221] = ("TODAY", 0),
        [225] = ("END.IF", 0),
        [226] = ("FOR.CELL", -1),
        [257] = ("EVALUATE", 1),
        [267] = ("REGISTER.ID", -1),
        [268] = ("GET.WORKBOOK", -1),
        [336] = ("CONCATENATE", -1),
    };

    private static readonly Dictionary<int, string> Commands = new()
    {
        [0x01] = "OPEN",
        [0x05] = "SAVE.AS",
        [0x06] = "FILE.DELETE",
        [0x11] = "RUN",
        [0x60] = "FORMULA",
        [0x61] = "FORMULA.FILL",
        [0x62] = "FORMULA.ARRAY",
        [0x6D] = "SELECT",
        [0x6E] = "DELETE.NAME",
        [0x76] = "ALERT",
        [0x83] = "SEND.KEYS",
        [0x94] = "ON.TIME",
        [0x95] = "WAIT",
        [0x17F] = "WORKBOOK.HIDE",
    };

    /// <summary>The user-defined function slot: the name called comes first among the arguments.</summary>
    public const int UserDefined = 255;

    public static string Function(int number) =>
        Functions.TryGetValue(number, out var entry) ? entry.Name : string.Create(CultureInfo.InvariantCulture, $"FUNCTION{number}");

    public static string Command(int number) =>
        Commands.TryGetValue(number, out var name) ? name : string.Create(CultureInfo.InvariantCulture, $"COMMAND{number}");

    /// <summary>The name of a number from <see cref="XlmFormulaTokens"/>: a macro command from
    /// <see cref="XlmFormulaTokens.CommandBase"/> up, a function below.</summary>
    public static string OfToken(int number) =>
        number >= XlmFormulaTokens.CommandBase ? Command(number - XlmFormulaTokens.CommandBase) : Function(number);

    /// <summary>The fixed argument count of a function, or -1 when it is not known.</summary>
    public static int Arity(int number) => Functions.TryGetValue(number, out var entry) ? entry.Arity : -1;
}
