using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Signatures;

/// <summary>Reports a file whose MD5, SHA-1 or SHA-256 is on a known-bad list.</summary>
public sealed class HashListScanner(HashList list) : IScanner
{
    public string Name => "hashlist";

    public bool Accepts(ScanItem item) => list.Count > 0;

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var hashes = item.Hashes;
        foreach (var digest in new[] { hashes.Sha256, hashes.Sha1, hashes.Md5 })
        {
            if (list.Find(digest) is { } entry)
            {
                var what = entry.Description.Length > 0 ? entry.Description : "listed digest";
                context.Report(
                    id: entry.Hash,
                    Severity.Malicious,
                    title: $"Known-bad file: {what}",
                    evidence: $"{DigestName(entry.Hash)} {entry.Hash} is on {Path.GetFileName(entry.Source)}",
                    meta: new Dictionary<string, string>(StringComparer.Ordinal) { ["description"] = what, ["source"] = entry.Source });
                break;
            }
        }

        return ValueTask.CompletedTask;
    }

    private static string DigestName(string hash) => hash.Length switch
    {
        32 => "MD5",
        40 => "SHA-1",
        _ => "SHA-256",
    };
}
