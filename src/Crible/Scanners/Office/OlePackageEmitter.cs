using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office;

/// <summary>Emits the file an OLE Package wraps, with a finding that keeps its original and temporary paths (both
/// are indicators: where the author had it, where Office drops it). A program, shortcut or script is suspicious
/// (T1204.002): the document asks the reader to run it by double-clicking its icon.</summary>
internal static class OlePackageEmitter
{
    public static async ValueTask<EmitResult> EmitAsync(OlePackage package, string where, ScanContext context, CancellationToken cancellation)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["label"] = package.Label,
            ["original_path"] = package.SourcePath,
            ["temporary_path"] = package.TempPath,
            ["location"] = where,
        };
        if (package.IsLink)
        {
            context.Report("ole-package-link", Severity.Info, $"OLE Package links to {package.SourcePath}", $"original path: {package.SourcePath}", meta: meta);
            return EmitResult.Accepted;
        }

        var evidence = $"original path: {package.SourcePath}; temporary path: {package.TempPath}; label: {package.Label}";
        if (RunnablePackagedFile.Describe(package) is { } runnable)
        {
            meta["kind"] = runnable.Kind;
            context.Report("ole-package", Severity.Suspicious, $"Embedded {runnable.Kind} {package.FileName} (OLE Package): {runnable.Reason}", evidence, ["T1204.002"], meta);
        }
        else
        {
            context.Report("ole-package", Severity.Info, $"Embedded file {package.FileName} (OLE Package)", evidence, meta: meta);
        }

        if (package.Truncated)
        {
            context.Incomplete($"{context.ScannerName}: the packaged file {package.FileName} in {where} is cut short");
        }

        return await context.EmitAsync(package.Data, package.FileName, Relation.Embedded, cancellation).ConfigureAwait(false);
    }
}
