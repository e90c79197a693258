using System.Collections.Concurrent;
using Crible.Model;
using Crible.Reporting;
using Crible.Server.Analyses;
using Crible.Server.Storage;

namespace Crible.Server.Doors;

/// <summary>
/// What the protocol doors (clamd, ICAP, Matrix) share: submit one file under the door's configured tenant through
/// <see cref="AnalysisService"/>, wait for the verdict and name what was found. These protocols carry no API key, so
/// the tenant is the one the operator named for the door (created without key on first use).
/// </summary>
public sealed class DoorScanService(AnalysisService service, IAnalysisStore store, ServerOptions options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Tenant>>> _tenants = new(StringComparer.Ordinal);

    /// <summary>Analyses <paramref name="content"/> and waits for the verdict (at most
    /// <see cref="ServerOptions.DoorAnalysisTimeout"/>; past it the answer is unanalysable, never clean).</summary>
    public async Task<DoorVerdict> ScanAsync(string tenantName, Stream content, string name, string? remote, CancellationToken cancellation)
    {
        var tenant = await TenantAsync(tenantName, cancellation).ConfigureAwait(false);
        var record = await service.SubmitAsync(tenant, content, new SubmitRequest(name, []), remote, cancellation).ConfigureAwait(false);
        if (!AnalysisService.IsFinished(record))
        {
            record = await service.WaitAsync(tenant, record.Id, options.DoorAnalysisTimeout, cancellation).ConfigureAwait(false) ?? record;
        }

        if (!AnalysisService.IsFinished(record))
        {
            return new DoorVerdict(Verdict.Unanalysable, [], [$"analysis {record.Id} did not finish within {options.DoorAnalysisTimeout.TotalSeconds:0} s"], record);
        }

        var json = await store.GetReportAsync(record.Id, cancellation).ConfigureAwait(false);
        if (json is null)
        {
            return new DoorVerdict(Verdict.Unanalysable, [], [record.Error ?? "the analysis ended without a report"], record);
        }

        var report = ReportJson.Deserialize(json);
        var threats = report.AllFindings.Where(f => f.Finding.Severity == Severity.Malicious).Select(f => ThreatName(f.Finding)).Distinct(StringComparer.Ordinal).ToList();
        var reasons = report.Nodes.SelectMany(n => n.Incomplete.Select(r => n.Path + ": " + r)).Concat(report.LimitsHit.Select(l => $"{l.Path}: {l.Detail}")).Distinct(StringComparer.Ordinal).ToList();
        return new DoorVerdict(report.Verdict, threats, reasons, record);
    }

    /// <summary>A signature-like name without spaces, as clamd and ICAP clients expect: the ClamAV engine's own
    /// signature name, else <c>Crible.&lt;engine&gt;.&lt;id&gt;</c> (the description for hash lists).</summary>
    public static string ThreatName(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var id = finding.Meta.TryGetValue("signature", out var signature) ? signature
            : finding.Meta.TryGetValue("description", out var description) && finding.Id.Length >= 32 && finding.Id.All(char.IsAsciiHexDigit) ? $"Crible.{finding.Scanner}.{description}"
            : $"Crible.{finding.Scanner}.{finding.Id}";
        var cleaned = new System.Text.StringBuilder();
        foreach (var c in id.Take(120))
        {
            var kept = char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' ? c : '_';
            if (kept != '_' || (cleaned.Length > 0 && cleaned[^1] is not '_' and not '.'))
            {
                cleaned.Append(kept);
            }
        }

        var name = cleaned.ToString().TrimEnd('_');
        return name.Length == 0 ? "Crible.Unknown" : name;
    }

    private Task<Tenant> TenantAsync(string name, CancellationToken cancellation) =>
        _tenants.GetOrAdd(name, n => new Lazy<Task<Tenant>>(() => store.EnsureTenantAsync(n, cancellation))).Value;
}

/// <summary>What a door answers about one file.</summary>
/// <param name="Threats">Names of the malicious findings, most specific engine first.</param>
/// <param name="Reasons">Why the analysis could not see everything (for unanalysable answers).</param>
public sealed record DoorVerdict(Verdict Verdict, IReadOnlyList<string> Threats, IReadOnlyList<string> Reasons, AnalysisRecord Record)
{
    public string FirstThreat => Threats.Count > 0 ? Threats[0] : "Crible.Malicious";

    public string ReasonSummary => Reasons.Count == 0 ? "not fully analysed" : string.Join("; ", Reasons.Take(3));
}
