using System.Text;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Web;

/// <summary>
/// The <c>&lt;script&gt;</c> blocks of HTML applications, Windows Script Files and scriptlets, emitted as decoded
/// <c>script-N.js</c> / <c>script-N.vbs</c> children (CDATA wrappers removed) so the script scanners and the JScript
/// emulator read them as the programs they are. Ordinary pages keep their scripts: the web scanners judge them with
/// the page (a second copy would make every Base64 blob a duplicate node). External scripts (<c>src=</c>) of every
/// page are recorded as URLs. An HTML application or a scriptlet is itself a finding: mshta and regsvr32 run them with
/// the user's full rights.
/// </summary>
public sealed class ScriptBlockScanner : IScanner
{
    public const string ChildPrefix = "script-";
    private const int MaxBody = 16 << 20;
    private const int MaxBlocks = 200;

    public string Name => "script-block";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Html || item.Kind == WebKinds.Hta || item.Kind == WebKinds.Wsf || item.Kind == WebKinds.Wsc;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (WebText.Read(item, context) is not { } text)
        {
            return;
        }

        ReportContainer(item, text, context);
        try
        {
            await EmitBlocksAsync(item, text, context, cancellation).ConfigureAwait(false);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            context.Incomplete($"{Name}: reading the script tags took longer than {TextPatterns.Timeout.TotalSeconds} s");
        }
    }

    private async ValueTask EmitBlocksAsync(ScanItem item, string text, ScanContext context, CancellationToken cancellation)
    {
        var count = 0;
        foreach (var block in MarkupTags.Find(text, "script", MaxBody))
        {
            cancellation.ThrowIfCancellationRequested();
            if (block.Attribute("src") is { Length: > 0 } source && source.Contains("://", StringComparison.Ordinal))
            {
                context.Indicator(IndicatorKind.Url, source);
            }

            var extension = Extension(block.Attribute("language") ?? block.Attribute("type"));
            var code = StripCdata(block.Body);
            if (item.Kind == FileKinds.Html || extension is null || string.IsNullOrWhiteSpace(code))
            {
                continue;
            }

            if (++count > MaxBlocks)
            {
                context.Incomplete($"{Name}: only the first {MaxBlocks} script blocks were extracted");
                return;
            }

            var result = await context.EmitAsync(Encoding.UTF8.GetBytes(code), $"{ChildPrefix}{count}.{extension}", Relation.Decoded, cancellation).ConfigureAwait(false);
            if (result == EmitResult.Exhausted)
            {
                return;
            }
        }
    }

    private static void ReportContainer(ScanItem item, string text, ScanContext context)
    {
        if (item.Kind == WebKinds.Hta)
        {
            context.Report("hta-application", Severity.Suspicious, "HTML application: mshta runs its scripts with the user's full rights", "<hta:application>", ["T1218.005"]);
        }
        else if (item.Kind == WebKinds.Wsc)
        {
            var registers = text.Contains("<registration", StringComparison.OrdinalIgnoreCase);
            context.Report("scriptlet", Severity.Suspicious, "Windows Script Component (scriptlet)", registers ? "<registration> element: runnable through regsvr32 /i" : "<component>",
                registers ? ["T1218.010"] : ["T1059"]);
        }
        else if (item.Kind == WebKinds.Wsf)
        {
            context.Report("wsf", Severity.Info, "Windows Script File", "<job>/<package> with script blocks", ["T1059"]);
        }
    }

    /// <summary>The extension for a block's language, or null for data blocks (JSON, templates).</summary>
    private static string? Extension(string? language)
    {
        var value = (language ?? string.Empty).ToLowerInvariant();
        if (value.Contains("vbs", StringComparison.Ordinal) || value.Contains("vbscript", StringComparison.Ordinal))
        {
            return "vbs";
        }

        return value.Length == 0 || value is "module" || value.Contains("javascript", StringComparison.Ordinal) || value.Contains("jscript", StringComparison.Ordinal)
            || value.Contains("ecmascript", StringComparison.Ordinal) ? "js" : null;
    }

    private static string StripCdata(string code)
    {
        var trimmed = code.Trim();
        if (trimmed.StartsWith("<![CDATA[", StringComparison.Ordinal) && trimmed.EndsWith("]]>", StringComparison.Ordinal))
        {
            return trimmed[9..^3];
        }

        return code;
    }
}
