using System.Text.RegularExpressions;

namespace Crible.Scanners.Office.Vba;

/// <summary>
/// Classifies the code of a whole VBA project like mraptor: what runs by itself (auto-exec), what writes or
/// downloads, what executes, plus obfuscation and persistence, each with the line that shows it. The project is
/// read as one: an auto-exec procedure in ThisDocument that calls a Shell in Module1 is one macro.
/// </summary>
public static class VbaMacroAnalysis
{
    private const int MaxEvidencePerBehaviour = 50;
    private const int MinChrCallsForObfuscation = 8;

    public static VbaAnalysis Analyse(IEnumerable<VbaSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var evidence = new List<VbaEvidence>();
        var decoded = new List<VbaDecodedString>();
        foreach (var source in sources)
        {
            var chrCalls = 0;
            foreach (var line in VbaSourceLines.Split(source.Text))
            {
                chrCalls += Regex.Count(line.Code, @"\bChr[WB]?\$?\s*\(", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(2));
                Classify(source.Module, line, evidence);
            }

            var hidden = VbaStringDecoder.Decode(source.Text);
            decoded.AddRange(hidden);
            foreach (var method in hidden.Where(h => h.Method != "Chr concatenation" || chrCalls >= MinChrCallsForObfuscation).Select(h => h.Method).Distinct())
            {
                Add(evidence, new VbaEvidence(VbaBehaviour.Obfuscation, method, source.Module, 0, hidden.First(h => h.Method == method).Expression));
            }
        }

        return new VbaAnalysis(evidence, decoded);
    }

    private static void Classify(string module, VbaLine line, List<VbaEvidence> evidence)
    {
        if (VbaKeywords.AutoExecProcedure.Match(line.Code) is { Success: true } procedure)
        {
            Add(evidence, new VbaEvidence(VbaBehaviour.AutoExec, procedure.Groups["name"].Value, module, line.Number, line.Code));
        }

        foreach (Match creation in VbaKeywords.ObjectCreation.Matches(line.Code))
        {
            if (VbaKeywords.ProgIdBehaviour(creation.Groups["argument"].Value.Trim()) is { } behaviour)
            {
                Add(evidence, new VbaEvidence(behaviour, creation.Groups["call"].Value, module, line.Number, line.Code));
            }
        }

        foreach (var (behaviour, name, pattern) in VbaKeywords.Patterns)
        {
            if (pattern.IsMatch(line.Code))
            {
                Add(evidence, new VbaEvidence(behaviour, name, module, line.Number, line.Code));
            }
        }
    }

    private static void Add(List<VbaEvidence> evidence, VbaEvidence item)
    {
        if (evidence.Count(e => e.Behaviour == item.Behaviour) < MaxEvidencePerBehaviour)
        {
            evidence.Add(item);
        }
    }
}

/// <summary>The code of one module.</summary>
public sealed record VbaSource(string Module, string Text);

/// <summary>One keyword found on one line.</summary>
/// <param name="Line">The logical line number (0 when the evidence is a decoded expression).</param>
public sealed record VbaEvidence(VbaBehaviour Behaviour, string Keyword, string Module, int Line, string Code);

/// <summary>What the project does, and the strings it hid.</summary>
public sealed record VbaAnalysis(IReadOnlyList<VbaEvidence> Evidence, IReadOnlyList<VbaDecodedString> Decoded)
{
    public bool Has(VbaBehaviour behaviour) => Evidence.Any(e => e.Behaviour == behaviour);

    public IEnumerable<VbaEvidence> Of(VbaBehaviour behaviour) => Evidence.Where(e => e.Behaviour == behaviour);
}
