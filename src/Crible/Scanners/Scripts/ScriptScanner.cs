using System.Text.RegularExpressions;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Web;

namespace Crible.Scanners.Scripts;

/// <summary>
/// Static analysis of scripts (JavaScript/JScript, VBScript, PowerShell, batch, shell, Python, Perl): the traits of
/// <see cref="ScriptRules"/> (downloads, execution, code built at run time, evasion, persistence), obfuscation
/// measures, and the combinations of <see cref="ScriptVerdicts"/> that make a script malicious. Nothing is run here;
/// the JScript emulator sees the same nodes.
/// </summary>
public sealed class ScriptScanner : IScanner
{
    public string Name => "script";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return ScriptLanguage.Of(item) is not null;
    }

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (ScriptLanguage.Of(item) is not { } dialect || WebText.Read(item, context) is not { } text)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            Analyse(item, context, dialect, text, cancellation);
        }
        catch (RegexMatchTimeoutException)
        {
            context.Incomplete($"{Name}: pattern matching took longer than {TextPatterns.Timeout.TotalSeconds} s on this script");
        }

        return ValueTask.CompletedTask;
    }

    private void Analyse(ScanItem item, ScanContext context, ScriptDialect dialect, string text, CancellationToken cancellation)
    {
        var traits = new List<ScriptTrait>();
        foreach (var rule in ScriptRules.All.Where(r => r.Dialects.Contains(dialect)))
        {
            cancellation.ThrowIfCancellationRequested();
            if (ScriptTrait.Find(rule, text) is { } trait)
            {
                traits.Add(trait);
                var evidence = trait.Count > 1 ? $"{trait.Line} ({trait.Count} times)" : trait.Line;
                context.Report(rule.Id, rule.Severity, rule.Title, evidence, rule.Attack);
            }
        }

        var obfuscation = ObfuscationMeasures.Measure(text);
        if (obfuscation.Score >= 3)
        {
            context.Report("obfuscated", Severity.Suspicious, "The script is obfuscated", obfuscation.Describe(), ["T1027"]);
        }

        var decodedCommand = item.Relation == Relation.Decoded && item.Name.StartsWith(EncodedCommandScanner.ChildPrefix, StringComparison.Ordinal);
        foreach (var finding in ScriptVerdicts.Judge(Name, dialect, text, traits, obfuscation, decodedCommand))
        {
            context.Report(finding);
        }
    }
}
