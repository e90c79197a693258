using System.Text.RegularExpressions;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Executables.Carriers;

/// <summary>
/// Registry scripts (.reg): the keys they write are recorded as registry indicators; keys that start programs
/// (Run, RunOnce, Winlogon, Image File Execution Options, services, shell extensions) are persistence, and a value
/// there that makes a LOLBin download or run hidden code is malicious.
/// </summary>
public sealed partial class RegScanner : IScanner
{
    private const int MaxKeys = 500;

    private static readonly (Regex Key, string Title, string Attack)[] Persistence =
    [
        (new Regex(@"\\CurrentVersion\\(?:Run|RunOnce|RunServices|RunOnceEx|Policies\\Explorer\\Run)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), "Run key: the value starts at every logon", "T1547.001"),
        (new Regex(@"\\Winlogon\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), "Winlogon helper (Shell, Userinit, Notify)", "T1547.004"),
        (new Regex(@"\\Image File Execution Options\\", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), "Image File Execution Options debugger (runs instead of the program)", "T1546.012"),
        (new Regex(@"\\CurrentControlSet\\Services\\", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), "Service definition", "T1543.003"),
        (new Regex(@"\\Explorer\\Shell Folders|\\User Shell Folders", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), "Startup folder redirection", "T1547.001"),
        (new Regex(@"\\Environment\b.*|\\AppInit_DLLs", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), "AppInit DLLs or logon environment", "T1546.010"),
        (new Regex(@"\\Windows Defender\\|\\Policies\\Microsoft\\Windows Defender", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), "Changes Windows Defender settings", "T1562.001"),
    ];

    public string Name => "reg";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == CarrierKinds.Reg;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var text = await CarrierText.ReadAsync(item, cancellation).ConfigureAwait(false);
        var keys = 0;
        string? key = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                key = line[1..^1].TrimStart('-');
                if (++keys <= MaxKeys)
                {
                    context.Indicator(IndicatorKind.Registry, key);
                }

                continue;
            }

            if (key is not null && ValuePattern().Match(line) is { Success: true } value)
            {
                Judge(context, key, value.Groups["name"].Success ? value.Groups["name"].Value : "@", value.Groups["data"].Value);
            }
        }

        context.Report("registry-script", Severity.Info, "Windows registry script", $"{keys} keys");
    }

    private static void Judge(ScanContext context, string key, string name, string data)
    {
        foreach (var (pattern, title, attack) in Persistence)
        {
            if (!pattern.IsMatch(key))
            {
                continue;
            }

            var command = data.Trim('"').Replace(@"\\", @"\", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal);
            var (program, arguments) = CommandLines.Split(command);
            var analysis = CommandLines.Analyse(program, arguments);
            CommandLines.RecordIndicators(context, command);
            if (command.Length > 0)
            {
                context.Indicator(IndicatorKind.Command, command);
            }

            var evidence = $"[{key}] \"{name}\"={Shorten(data)}";
            if (analysis.IsMalicious)
            {
                context.Report("persistence-command", Severity.Malicious, $"{title}, set to a command that downloads or runs hidden code", evidence, [attack, .. analysis.Attack]);
            }
            else
            {
                context.Report("persistence", Severity.Suspicious, title, evidence, [attack, .. analysis.Attack]);
            }

            return;
        }
    }

    private static string Shorten(string text) => text.Length > 512 ? text[..512] + "…" : text;

    [GeneratedRegex(@"^(?:""(?<name>(?:[^""\\]|\\.)*)""|@)\s*=\s*(?<data>.*)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ValuePattern();
}
