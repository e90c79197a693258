using System.Text.RegularExpressions;
using Crible.Model;
using static Crible.Scanners.Scripts.TraitCategory;

namespace Crible.Scanners.Scripts;

/// <summary>
/// The combinations of traits that only droppers make, each a malicious finding: a Windows Script Host file that
/// downloads, writes and runs; PowerShell that runs downloaded code while hiding; certutil fetching what the batch
/// then starts; obfuscated scripts that build and run code through Windows objects; a shell script that fetches a
/// program from a bare address and makes it executable.
/// </summary>
internal static class ScriptVerdicts
{
    private static readonly Regex WindowsObjects = TextPatterns.Create(@"\b(ActiveXObject|CreateObject|GetObject|WScript\.)");
    private static readonly Regex AddressUrl = TextPatterns.Create(@"(https?|ftp)://[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}");

    public static IEnumerable<Finding> Judge(string scanner, ScriptDialect dialect, string text, IReadOnlyList<ScriptTrait> traits, ObfuscationMeasures obfuscation, bool decodedCommand)
    {
        bool Has(TraitCategory category) => traits.Any(t => t.Rule.Category == category);
        string Evidence(params TraitCategory[] categories) =>
            string.Join(" | ", categories.Select(c => traits.FirstOrDefault(t => t.Rule.Category == c)).OfType<ScriptTrait>().Select(t => t.Line).Distinct());

        var technique = ScriptLanguage.Technique(dialect);
        var obfuscated = obfuscation.Score >= 3;
        var isWsh = dialect is ScriptDialect.JavaScript or ScriptDialect.VbScript;
        if (isWsh && Has(Download) && Has(WriteFile) && Has(Execute))
        {
            yield return new Finding(scanner, "wsh-dropper", Severity.Malicious, "Downloads a file, saves it and runs it (Windows Script Host dropper)",
                Evidence(Download, WriteFile, Execute), ["T1105", technique, "T1204.002"]);
        }

        if (Has(Cradle) && dialect is not ScriptDialect.Shell && (Has(Evasion) || obfuscated || decodedCommand))
        {
            var why = decodedCommand ? "from an encoded command" : Has(Evasion) ? "with a hidden window or bypassed policy" : "obfuscated";
            yield return new Finding(scanner, "download-cradle-hidden", Severity.Malicious, $"Runs code downloaded from the network, {why}",
                Evidence(Cradle, Evasion), ["T1105", "T1059.001", "T1027"]);
        }

        // Code that was hidden (an encoded command, or PowerShell joined from fragments) and downloads then starts a
        // program: nothing legitimate hides that.
        if (decodedCommand && Has(Download) && Has(Execute) && !Has(Cradle))
        {
            yield return new Finding(scanner, "hidden-download-execute", Severity.Malicious, "Hidden code downloads and runs a program",
                Evidence(Download, Execute), ["T1105", technique, "T1027"]);
        }

        if (traits.Any(t => t.Rule.Id == "certutil-download") && traits.Any(t => t.Rule.Category == Execute))
        {
            yield return new Finding(scanner, "certutil-download-execute", Severity.Malicious, "Downloads a file with certutil and runs a program",
                Evidence(Download, Execute), ["T1105", technique]);
        }

        if (obfuscated && isWsh && Has(DynamicCode) && WindowsObjects.IsMatch(text))
        {
            yield return new Finding(scanner, "obfuscated-wsh-code", Severity.Malicious, "Obfuscated script that builds code and runs it with Windows objects",
                $"{obfuscation.Describe()}; {Evidence(DynamicCode)}", ["T1027", technique]);
        }
        else if (obfuscated && Has(Download) && (Has(Execute) || Has(DynamicCode)))
        {
            yield return new Finding(scanner, "obfuscated-download-execute", Severity.Malicious, "Obfuscated script that downloads and runs code",
                $"{obfuscation.Describe()}; {Evidence(Download, Execute, DynamicCode)}", ["T1027", "T1105", technique]);
        }

        if (dialect == ScriptDialect.Shell && (Has(Download) || Has(Cradle)) && Has(Execute) && AddressUrl.IsMatch(text))
        {
            yield return new Finding(scanner, "sh-fetch-and-run", Severity.Malicious, "Fetches a program from a bare IP address and makes it executable",
                Evidence(Download, Cradle, Execute), ["T1105", "T1059.004"]);
        }
    }
}
