using Crible.Scanners.Emulation;
using Crible.Scanners.Scripts;
using Crible.Scanners.Emulation.VbScript;

namespace Crible.Tests.Scanners.Emulation;

/// <summary>VBScript's semantics in the translated runtime, against the outputs VBScript itself gives.</summary>
public sealed class VbsRuntimeTests
{
    /// <summary>Runs VBScript in the emulator and returns what it echoed, one entry per WScript.Echo.</summary>
    internal static IReadOnlyList<string> Echoes(string vbscript)
    {
        var translation = VbsTranslator.Script(vbscript);
        Assert.True(translation.Succeeded, translation.Error);
        var result = new ScriptEmulator(new EmulationOptions()).Run(translation.JavaScript!, vbscript, "test.vbs", TimeSpan.FromSeconds(10), CancellationToken.None, ScriptDialect.VbScript);
        Assert.True(result.Error is null, result.Error + "\n" + translation.JavaScript);
        return result.Behaviour.Echoes;
    }

    private static string Value(string expression) => Assert.Single(Echoes($"WScript.Echo CStr({expression})"));

    [Theory]
    [InlineData("Mid(\"abcdef\", 2, 3)", "bcd")]
    [InlineData("Mid(\"abcdef\", 4)", "def")]
    [InlineData("Left(\"abcdef\", 2) & Right(\"abcdef\", 2)", "abef")]
    [InlineData("InStr(\"abcabc\", \"c\")", "3")]
    [InlineData("InStr(4, \"abcabc\", \"c\")", "6")]
    [InlineData("InStr(1, \"ABC\", \"b\", vbTextCompare)", "2")]
    [InlineData("InStr(\"abc\", \"z\")", "0")]
    [InlineData("InStrRev(\"abcabc\", \"b\")", "5")]
    [InlineData("Len(\"hello\")", "5")]
    [InlineData("\"1\" + 1", "2")]
    [InlineData("\"1\" + \"1\"", "11")]
    [InlineData("\"a\" & 1", "a1")]
    [InlineData("1 & 2 + 3", "15")]
    [InlineData("7 \\ 2", "3")]
    [InlineData("-7 \\ 2", "-3")]
    [InlineData("-7 Mod 3", "-1")]
    [InlineData("7 Mod -3", "1")]
    [InlineData("2 ^ 10", "1024")]
    [InlineData("-2 ^ 2", "-4")]
    [InlineData("7 / 2", "3.5")]
    [InlineData("CInt(2.5)", "2")]
    [InlineData("CInt(3.5)", "4")]
    [InlineData("CLng(-2.5)", "-2")]
    [InlineData("Int(-2.5)", "-3")]
    [InlineData("Fix(-2.5)", "-2")]
    [InlineData("Round(2.5)", "2")]
    [InlineData("Chr(65) & ChrW(8364) & Asc(\"a\") & AscW(\"€\")", "A€978364")]
    [InlineData("Hex(255) & \" \" & Hex(-1)", "FF FFFFFFFF")]
    [InlineData("&HFF + &O10", "263")]
    [InlineData("&HFFFF", "-1")]
    [InlineData("LCase(\"AbC\") & UCase(\"aBc\")", "abcABC")]
    [InlineData("\"[\" & Trim(\"  x  \") & LTrim(\" y\") & RTrim(\"z \") & \"]\"", "[xyz]")]
    [InlineData("Replace(\"aXbXc\", \"X\", \"--\")", "a--b--c")]
    [InlineData("Replace(\"aXbxc\", \"x\", \"\", 1, -1, 1)", "abc")]
    [InlineData("Join(Split(\"a,b,c\", \",\"), \"+\")", "a+b+c")]
    [InlineData("UBound(Split(\"a,b,c\", \",\", 2))", "1")]
    [InlineData("StrReverse(\"abc\")", "cba")]
    [InlineData("Space(3) & \"|\" & String(3, \"x\")", "   |xxx")]
    [InlineData("UBound(Array(1, 2, 3)) & LBound(Array(1))", "20")]
    [InlineData("IsArray(Array()) & IsEmpty(Empty) & IsNull(Null) & IsObject(Nothing)", "TrueTrueTrueTrue")]
    [InlineData("IsNumeric(\"12.5\") & IsNumeric(\"abc\")", "TrueFalse")]
    [InlineData("TypeName(1) & TypeName(\"s\") & TypeName(1.5) & TypeName(Empty) & TypeName(Array())", "IntegerStringDoubleEmptyVariant()")]
    [InlineData("True And False", "False")]
    [InlineData("Not True", "False")]
    [InlineData("Not 0", "-1")]
    [InlineData("12 And 10", "8")]
    [InlineData("True Xor True", "False")]
    [InlineData("5 > 3 And \"b\" > \"a\"", "True")]
    [InlineData("\"10\" = 10", "True")]
    [InlineData("Empty = 0", "True")]
    [InlineData("Escape(\"a b&\") & Unescape(\"%41%u0042\")", "a%20b%26AB")]
    [InlineData("CBool(\"true\") & CBool(0)", "TrueFalse")]
    [InlineData("CDbl(\"1.5\") * 2", "3")]
    [InlineData("Eval(\"1 + 2 * 3\")", "7")]
    public void Expressions_give_what_vbscript_gives(string expression, string expected)
    {
        Assert.Equal(expected, Value(expression));
    }

    [Fact]
    public void Procedures_return_through_their_name_and_loops_follow_vbscript()
    {
        var echoes = Echoes("""
            Option Explicit
            Dim i, total, word, items(2), j
            Function Twice(ByVal n)
                Twice = n * 2
            End Function
            Sub Add(x)
                total = total + x
            End Sub
            total = 0
            For i = 10 To 1 Step -3
                Add i
            Next
            WScript.Echo CStr(total)
            For Each word In Array("a", "b")
                WScript.Echo word
            Next
            i = 0
            Do While i < 5
                i = i + 1
                If i = 3 Then Exit Do
            Loop
            WScript.Echo CStr(i)
            Do
                i = i + 1
            Loop Until i >= 7
            While i < 9 : i = i + 1 : Wend
            WScript.Echo CStr(i) & " " & CStr(Twice(21))
            For j = 0 To UBound(items) : items(j) = j * j : Next
            ReDim Preserve items(3)
            items(3) = "last"
            WScript.Echo Join(items, ",")
            Select Case Twice(2)
                Case 1, 2
                    WScript.Echo "small"
                Case 3 To 5
                    WScript.Echo "middle"
                Case Is > 5
                    WScript.Echo "large"
                Case Else
                    WScript.Echo "none"
            End Select
            If total > 100 Then WScript.Echo "big" Else WScript.Echo "not big"
            """);

        Assert.Equal(["22", "a", "b", "3", "9 42", "0,1,4,last", "middle", "not big"], echoes);
    }

    [Fact]
    public void On_error_resume_next_moves_past_a_failing_statement_and_sets_err()
    {
        var echoes = Echoes("""
            On Error Resume Next
            x = 1 / 0
            WScript.Echo "after " & Err.Number
            Err.Clear
            y = Array(1)(5)
            WScript.Echo "index " & Err.Number
            On Error GoTo 0
            WScript.Echo "end " & Err.Number
            """);

        Assert.Equal(["after 11", "index 9", "end 0"], echoes);
    }

    [Fact]
    public void With_blocks_classes_and_dictionaries_work()
    {
        var echoes = Echoes("""
            Class Counter
                Private count
                Public Name
                Private Sub Class_Initialize
                    count = 0
                End Sub
                Public Sub Increment(by)
                    count = count + by
                End Sub
                Public Property Get Value
                    Value = count
                End Property
            End Class
            Set c = New Counter
            c.Name = "hits"
            c.Increment 2
            c.Increment(3)
            WScript.Echo c.Name & "=" & c.Value
            Set d = CreateObject("Scripting.Dictionary")
            With d
                .Add "k", "v"
                .Item("n") = 5
                WScript.Echo .Count & " " & .Item("k") & d("n")
            End With
            For Each k In d.Keys
                WScript.Echo k
            Next
            Set re = New RegExp
            re.Pattern = "[0-9]+"
            re.Global = True
            WScript.Echo re.Replace("a1b22c", "#")
            """);

        Assert.Equal(["hits=5", "2 v5", "k", "n", "a#b#c"], echoes);
    }

    [Fact]
    public void The_translator_knows_exactly_the_functions_and_constants_the_runtime_defines()
    {
        // The translated code calls $vb.b.name for a built-in: a name on one side only is a call that cannot work.
        var script = "WScript.Echo(Object.keys($vb.b).sort().join(',')); WScript.Echo(Object.keys($vb.c).sort().join(','));";
        var result = new ScriptEmulator(new EmulationOptions()).Run(script, script, "t.vbs", TimeSpan.FromSeconds(10), CancellationToken.None, ScriptDialect.VbScript);

        Assert.Null(result.Error);
        Assert.Equal(VbsBuiltins.Functions.Order(StringComparer.Ordinal), result.Behaviour.Echoes[0].Split(','));
        Assert.Equal(VbsBuiltins.Constants.Order(StringComparer.Ordinal), result.Behaviour.Echoes[1].Split(','));
    }

    [Fact]
    public void Execute_runs_code_built_at_run_time_and_logs_it()
    {
        var code = "Sub Hidden : WScript.Echo \"from execute\" : End Sub";
        var script = $"s = \"{code.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\nExecuteGlobal s\nHidden\nExecute \"WScript.Echo 1 + 1\"";
        var translation = VbsTranslator.Script(script);
        Assert.True(translation.Succeeded, translation.Error);

        var result = new ScriptEmulator(new EmulationOptions()).Run(translation.JavaScript!, script, "t.vbs", TimeSpan.FromSeconds(10), CancellationToken.None, ScriptDialect.VbScript);

        Assert.Null(result.Error);
        Assert.Equal(["from execute", "2"], result.Behaviour.Echoes);
        Assert.Contains(result.Behaviour.Code, c => c.Via == "ExecuteGlobal" && c.Text == code);
    }
}
