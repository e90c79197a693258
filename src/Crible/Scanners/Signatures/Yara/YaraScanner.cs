using Crible.Pipeline;

namespace Crible.Scanners.Signatures.Yara;

/// <summary>
/// Runs YARA rules over every non-empty file, in memory or from its temporary file. Each matching rule is a finding
/// named after the rule, with its metas (author included) and the strings that matched.
/// </summary>
/// <param name="rules">Shared by every scan; the caller keeps it alive as long as this scanner and disposes it.</param>
public sealed class YaraScanner(YaraRuleSet rules) : IScanner
{
    public string Name => "yara";

    public YaraRuleSet Rules => rules;

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Size > 0;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);

        // libyara cannot be interrupted; its own timeout bounds the scan, and the thread pool keeps the analyser
        // free to scan other files meanwhile.
        var externals = YaraExternals.For(item);
        var timeout = context.Limits.ScannerTimeout;
        var result = await Task.Run(() => rules.Scan(item.Data, externals, timeout), cancellation).ConfigureAwait(false);

        foreach (var match in result.Matches)
        {
            context.Report(YaraFindings.From(match, Name, rules.Version));
        }

        if (result.TimedOut)
        {
            context.Incomplete("yara: scan timed out");
        }
        else if (!result.Succeeded)
        {
            context.Incomplete($"yara: scan failed ({result.ErrorName})");
        }
    }
}
