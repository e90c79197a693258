using System.Globalization;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Office.Ole;
using Crible.Scanners.Office.Rtf;

namespace Crible.Scanners.Office;

/// <summary>
/// OLE objects embedded in RTF documents: each \objdata is decoded (see <see cref="RtfObjectReader"/>), its OLE1
/// header read, and its native data emitted named by the object's class (<c>Equation.3</c>, <c>Word.Document.8</c>).
/// An OLE Package is unwrapped to the file it holds, named by that file's name. Links are reported with their
/// target; the classes behind the best-known RTF exploits (Equation Editor, OLE2Link) are reported as suspicious.
/// </summary>
public sealed class RtfScanner : IScanner
{
    private static readonly string[] ExploitedClasses = ["Equation.3", "OLE2Link"];

    public string Name => "rtf";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Rtf;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var rtf = await ScanItemBytes.ReadAsync(item, context, cancellation).ConfigureAwait(false);
        var problems = new List<string>();
        var objects = RtfObjectReader.Read(rtf, problems);
        foreach (var problem in problems)
        {
            context.Incomplete($"rtf: {problem}");
        }

        for (var index = 0; index < objects.Count; index++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (await EmitObjectAsync(objects[index], index, context, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }
        }
    }

    private static async ValueTask<EmitResult> EmitObjectAsync(RtfObjectData data, int index, ScanContext context, CancellationToken cancellation)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"\\objdata at offset {data.Offset}");
        var ole = Ole1Object.TryParse(data.Data);
        if (ole is null)
        {
            return await context.EmitAsync(data.Data, string.Create(CultureInfo.InvariantCulture, $"objdata-{index}"), Relation.Embedded, cancellation).ConfigureAwait(false);
        }

        var className = ole.ClassName.Length > 0 ? ole.ClassName : $"object-{index}";
        ReportClass(ole, className, where, context);
        if (ole.FormatId == Ole1Object.Linked)
        {
            return EmitResult.Accepted;
        }

        if (ole.Truncated)
        {
            context.Incomplete($"rtf: the {className} object at {where} is cut short");
        }

        if (className.Equals("Package", StringComparison.OrdinalIgnoreCase) && OlePackage.TryParse(ole.NativeData) is { } package)
        {
            return await OlePackageEmitter.EmitAsync(package, where, context, cancellation).ConfigureAwait(false);
        }

        return ole.NativeData.IsEmpty
            ? EmitResult.Accepted
            : await context.EmitAsync(ole.NativeData, className, Relation.Embedded, cancellation).ConfigureAwait(false);
    }

    private static void ReportClass(Ole1Object ole, string className, string where, ScanContext context)
    {
        var exploited = ExploitedClasses.Any(c => className.StartsWith(c, StringComparison.OrdinalIgnoreCase));
        var meta = new Dictionary<string, string>(StringComparer.Ordinal) { ["class"] = className, ["location"] = where };
        if (ole.FormatId == Ole1Object.Linked)
        {
            meta["link"] = ole.TopicName;
            context.Report("ole-link", exploited ? Severity.Suspicious : Severity.Info, $"Linked OLE object of class {className} to {ole.TopicName}", ole.TopicName, exploited ? ["T1203"] : null, meta);
        }
        else if (exploited)
        {
            context.Report("ole-exploited-class", Severity.Suspicious, $"Embedded OLE object of class {className}, a class known RTF exploits use", where, ["T1203"], meta);
        }
    }
}
