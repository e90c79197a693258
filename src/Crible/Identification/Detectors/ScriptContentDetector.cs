using System.Text;
using System.Text.RegularExpressions;
using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// Scripts without a shebang, by the words of their source: every language's cues are counted (each cue at most
/// <see cref="MaxCountPerCue"/> times, so one repeated construct cannot decide alone) and the best language wins
/// only with a clear score, one distinctive cue and a clear lead; when none does, a .js or .vbs name decides (Windows
/// runs such a file by its extension). Runs last, on text only: anything with a structure
/// was claimed before. Droppers often pad the start with data, so the end of a long file is read too.
/// </summary>
public sealed class ScriptContentDetector : IFileKindDetector
{
    private const int HeadSampleLength = 32 * 1024;
    private const int TailSampleLength = 16 * 1024;
    private const int MaxCountPerCue = 3;
    private const int MinScore = 6;
    private const int DistinctiveWeight = 3;

    public int Priority => DetectorPriority.TextContent + 10;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (!probe.Text.IsText)
        {
            return null;
        }

        var sample = Sample(probe);
        FileKind? best = null;
        int bestScore = 0, secondScore = 0;
        foreach (var language in ScriptLanguages.All)
        {
            var (score, distinctive) = Score(sample, language);
            if (score > bestScore && distinctive)
            {
                (secondScore, bestScore, best) = (bestScore, score, language.Kind);
            }
            else if (score > secondScore)
            {
                secondScore = score;
            }
        }

        // A lead of half again over the runner-up: a VBA macro that launches PowerShell stays VBScript.
        return bestScore >= MinScore && bestScore * 2 >= secondScore * 3 ? best : ByHostExtension(probe.Name);
    }

    /// <summary>
    /// Text whose words decide nothing (escapes only, one long line of data, a mangled start) but whose name Windows
    /// Script Host runs by its extension: Windows would run it as that language, so it is read as that language.
    /// </summary>
    private static FileKind? ByHostExtension(string name) =>
        name.EndsWith(".js", StringComparison.OrdinalIgnoreCase) ? FileKinds.JavaScript
        : name.EndsWith(".vbs", StringComparison.OrdinalIgnoreCase) ? FileKinds.VbScript
        : null;

    /// <summary>The weighted cue count of one language, and whether a distinctive cue was among them.</summary>
    internal static (int Score, bool Distinctive) Score(string text, ScriptLanguage language)
    {
        var score = 0;
        var distinctive = false;
        foreach (var cue in language.Cues)
        {
            var count = CountMatches(cue.Pattern, text);
            score += cue.Weight * count;
            distinctive |= count > 0 && cue.Weight >= DistinctiveWeight;
        }

        return (score, distinctive);
    }

    private static string Sample(FileProbe probe)
    {
        var text = probe.Text.Text;
        var head = text.Length > HeadSampleLength ? text[..HeadSampleLength] : text;
        if (probe.Length <= probe.Head.Length)
        {
            return head;
        }

        var tail = probe.Tail;
        var end = Encoding.UTF8.GetString(tail[Math.Max(0, tail.Length - TailSampleLength)..]);
        return head + "\n" + end;
    }

    private static int CountMatches(Regex pattern, string text)
    {
        var count = 0;
        try
        {
            for (var match = pattern.Match(text); match.Success && count < MaxCountPerCue; match = match.NextMatch())
            {
                count++;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A cue that takes too long on this text simply does not count.
        }

        return count;
    }
}
