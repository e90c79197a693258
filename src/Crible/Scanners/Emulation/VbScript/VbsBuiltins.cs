namespace Crible.Scanners.Emulation.VbScript;

/// <summary>The names the runtime library (<c>Host/vbs-runtime.js</c>) defines: functions in <c>$vb.b</c>,
/// constants in <c>$vb.c</c>. Kept in step with that file (a test checks both ways).</summary>
internal static class VbsBuiltins
{
    public static readonly HashSet<string> Functions =
    [
        "abs", "array", "asc", "ascb", "ascw", "atn", "cbool", "cbyte", "ccur", "cdate", "cdbl", "chr", "chrb", "chrw",
        "cint", "clng", "cos", "createobject", "csng", "cstr", "date", "dateadd", "datediff", "datepart", "dateserial",
        "day", "escape", "exp", "filter", "fix", "formatnumber", "getlocale", "getobject", "getref", "hex", "hour",
        "inputbox", "instr", "instrrev", "int", "isarray", "isdate", "isempty", "isnull", "isnumeric", "isobject",
        "join", "lbound", "lcase", "left", "len", "lenb", "log", "ltrim", "mid", "midb", "minute", "month",
        "monthname", "msgbox", "now", "oct", "randomize", "replace", "rgb", "right", "rnd", "round", "rtrim",
        "scriptengine", "scriptenginebuildversion", "scriptenginemajorversion", "scriptengineminorversion", "second",
        "setlocale", "sgn", "sin", "space", "split", "sqr", "strcomp", "string", "strreverse", "tan", "time", "timer",
        "timeserial", "timevalue", "trim", "typename", "ubound", "ucase", "unescape", "vartype", "weekday",
        "weekdayname", "year",
    ];

    public static readonly HashSet<string> Constants =
    [
        "vbcrlf", "vbcr", "vblf", "vbnewline", "vbtab", "vbnullstring", "vbnullchar", "vbformfeed", "vbverticaltab",
        "vbtrue", "vbfalse", "vbusedefault", "vbbinarycompare", "vbtextcompare", "vbobjecterror", "vbhide",
        "vbnormalfocus", "vbminimizedfocus", "vbmaximizedfocus", "vbnormalnofocus", "vbminimizednofocus", "vbokonly",
        "vbokcancel", "vbyesno", "vbyesnocancel", "vbcritical", "vbquestion", "vbexclamation", "vbinformation",
        "vbok", "vbcancel", "vbyes", "vbno", "vbempty", "vbnull", "vbinteger", "vblong", "vbsingle", "vbdouble",
        "vbcurrency", "vbdate", "vbstring", "vbobject", "vberror", "vbboolean", "vbvariant", "vbbyte", "vbarray",
        "vbsunday", "vbmonday", "vbgeneraldate", "vblongdate", "vbshortdate", "vblongtime", "vbshorttime",
    ];

    /// <summary>Calls that run code built at run time; translated in place, not looked up.</summary>
    public static readonly HashSet<string> CodeRunners = ["execute", "executeglobal", "eval"];
}
