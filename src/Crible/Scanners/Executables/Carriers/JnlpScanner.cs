using System.Net;
using System.Text.RegularExpressions;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Executables.Carriers;

/// <summary>
/// Java Web Start descriptors: the jars they make Java download and run (resolved against the codebase) and whether
/// they ask for all permissions (no sandbox). Remote code is suspicious; remote code with all permissions more so.
/// </summary>
public sealed partial class JnlpScanner : IScanner
{
    public string Name => "jnlp";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == CarrierKinds.Jnlp;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var text = await CarrierText.ReadAsync(item, cancellation).ConfigureAwait(false);
        var codebase = CodebasePattern().Match(text) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : string.Empty;
        var jars = JarPattern().Matches(text).Select(m => Resolve(codebase, WebUtility.HtmlDecode(m.Groups[1].Value))).Distinct().ToList();
        var allPermissions = text.Contains("<all-permissions", StringComparison.OrdinalIgnoreCase);
        var mainClass = MainClassPattern().Match(text) is { Success: true } main ? main.Groups[1].Value : "(none)";
        foreach (var jar in jars)
        {
            context.Indicator(jar.Contains("://", StringComparison.Ordinal) ? IndicatorKind.Url : IndicatorKind.Path, jar);
        }

        if (codebase.Length > 0)
        {
            CommandLines.RecordIndicators(context, codebase);
        }

        var remote = jars.Where(CarrierText.IsRemote).ToList();
        if (remote.Count > 0)
        {
            var evidence = $"{string.Join(", ", remote)}; main class {mainClass}{(allPermissions ? "; asks for all permissions" : string.Empty)}";
            context.Report("remote-jar", Severity.Suspicious, allPermissions ? "Java Web Start downloads and runs remote code with all permissions" : "Java Web Start downloads and runs remote code", evidence, ["T1204.002", "T1105", "T1059"]);
        }
        else
        {
            context.Report("jnlp", Severity.Info, "Java Web Start descriptor", $"jars {string.Join(", ", jars)}; main class {mainClass}");
        }
    }

    private static string Resolve(string codebase, string href) =>
        Uri.TryCreate(codebase, UriKind.Absolute, out var baseUri) && Uri.TryCreate(baseUri, href, out var resolved) ? resolved.ToString() : href;

    [GeneratedRegex(@"<jnlp\b[^>]*\bcodebase\s*=\s*[""']([^""']+)[""']", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CodebasePattern();

    [GeneratedRegex(@"<(?:jar|nativelib)\b[^>]*\bhref\s*=\s*[""']([^""']+)[""']", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex JarPattern();

    [GeneratedRegex(@"\bmain-class\s*=\s*[""']([^""']+)[""']", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex MainClassPattern();
}
