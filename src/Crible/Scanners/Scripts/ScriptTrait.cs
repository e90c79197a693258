namespace Crible.Scanners.Scripts;

/// <summary>A rule that matched a script: how often, and the line of its first match.</summary>
internal sealed record ScriptTrait(ScriptRule Rule, int Count, string Line)
{
    private const int MaxLine = 240;

    public static ScriptTrait? Find(ScriptRule rule, string text)
    {
        var match = rule.Pattern.Match(text);
        if (!match.Success || (rule.AlsoRequires is not null && !rule.AlsoRequires.IsMatch(text)))
        {
            return null;
        }

        var count = 0;
        for (var next = match; next.Success && count < 1000; next = next.NextMatch())
        {
            count++;
        }

        return new ScriptTrait(rule, count, LineAround(text, match.Index));
    }

    /// <summary>The line holding <paramref name="index"/>, cut around it when it is long (minified code).</summary>
    public static string LineAround(string text, int index)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var end = text.IndexOf('\n', index);
        end = end < 0 ? text.Length : end;
        if (end - start > MaxLine)
        {
            start = Math.Max(start, index - (MaxLine / 3));
            end = Math.Min(end, start + MaxLine);
        }

        return text[start..end].Trim();
    }
}
