using System.Text;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Emulation.VbScript;
using Crible.Scanners.Scripts;

namespace Crible.Scanners.Emulation;

/// <summary>
/// Runs JScript/JavaScript and VBScript droppers (VBScript translated to JavaScript first) in an emulated Windows Script Host (Jint, no CLR access, no network) and reports
/// what they did: URLs requested (answered by a stand-in), files written (emitted as <c>dropped</c> children),
/// commands started (emitted as <c>decoded</c> children so the script scanners read PowerShell and cmd payloads),
/// registry writes, scheduled tasks, WMI process creation, and the code strings built at run time.
/// </summary>
public sealed class EmulationScanner : IScanner
{
    /// <summary>Prefix of the code strings this scanner emits: they ran here already, in context.</summary>
    public const string DynamicCodePrefix = "emulation-code-";
    private const int MinEmittedCodeLength = 1024;
    private const int MaxEmittedCode = 20;
    private static readonly TimeSpan TimeoutMargin = TimeSpan.FromSeconds(2);
    private static readonly HashSet<string> VbaSourceExtensions = new(StringComparer.OrdinalIgnoreCase) { "bas", "cls", "frm", "vba" };
    private readonly EmulationOptions _options;
    private readonly ScriptEmulator _emulator;
    private readonly byte[] _standIn;

    public EmulationScanner(EmulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _emulator = new ScriptEmulator(options);
        _standIn = ByteStrings.ToBytes(_emulator.StandInBytes);
    }

    public string Name => "emulation";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return _options.Enabled && (item.Kind == FileKinds.JavaScript || IsVbScript(item))
            && !(item.Relation == Relation.Decoded && item.Name.StartsWith(DynamicCodePrefix, StringComparison.Ordinal));
    }

    /// <summary>VBScript to run: not VBA (a macro's module needs its document, and the Office scanners read it).</summary>
    private static bool IsVbScript(ScanItem item) =>
        item.Kind == FileKinds.VbScript && !VbaSourceExtensions.Contains(item.Extension) && !item.Name.Contains("VBA/", StringComparison.OrdinalIgnoreCase);

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (item.Size > _options.MaxStringLength)
        {
            context.Report("emulation-skipped", Severity.Info, "Script too large to emulate", $"{item.Size} bytes; the emulation reads at most {_options.MaxStringLength}");
            return;
        }

        var raw = item.Data.ReadAllBytes();
        var budget = Budget(context.Limits.ScannerTimeout);
        var dialect = item.Kind == FileKinds.VbScript ? ScriptDialect.VbScript : ScriptDialect.JavaScript;
        var script = ScriptText(raw);
        if (dialect == ScriptDialect.VbScript)
        {
            var translation = VbsTranslator.Script(script);
            if (!translation.Succeeded)
            {
                context.Report("emulation-untranslatable", Severity.Info, "VBScript could not be emulated", translation.Error);
                context.Incomplete("emulation: " + translation.Error);
                return;
            }

            script = translation.JavaScript!;
        }

        var result = _emulator.Run(script, ByteStrings.FromBytes(raw), item.Name, budget, cancellation, dialect);
        cancellation.ThrowIfCancellationRequested();
        var log = result.Behaviour;
        foreach (var finding in BehaviourAssessment.Assess(Name, log, _standIn, ScriptLanguage.Technique(dialect)))
        {
            context.Report(finding);
        }

        RecordIndicators(log, context);
        context.Report("emulation-summary", Severity.Info, dialect == ScriptDialect.VbScript ? "Emulated under Windows Script Host (VBScript translated to JavaScript)" : "Emulated under Windows Script Host", EmulationSummary.Describe(result, budget));
        if (result.Stop is not null)
        {
            ReportStop(result, context);
        }

        await EmitAsync(log, context, dialect == ScriptDialect.VbScript ? "vbs" : "js", cancellation).ConfigureAwait(false);
    }

    /// <summary>The emulation budget, kept inside the scanner timeout so the analyser never has to cut it short.</summary>
    private TimeSpan Budget(TimeSpan scannerTimeout)
    {
        var room = scannerTimeout - TimeoutMargin;
        return room < _options.Budget ? (room > TimeSpan.FromMilliseconds(100) ? room : TimeSpan.FromMilliseconds(100)) : _options.Budget;
    }

    /// <summary>A bound that stopped the script is a fact, not a verdict: if the script had already shown what it
    /// does, that stands; if it had done nothing observable yet, the emulation saw nothing and says so.</summary>
    private static void ReportStop(EmulationResult result, ScanContext context)
    {
        var evasive = result.Behaviour.IsEmpty;
        context.Report("emulation-stopped", evasive ? Severity.Suspicious : Severity.Info,
            evasive ? "Emulated script ran into a bound before doing anything observable (a stalling loop?)" : "Emulated script stopped by a bound",
            result.Stop);
        if (evasive)
        {
            context.Incomplete($"emulation: stopped before the script did anything observable ({result.Stop})");
        }
    }

    private static void RecordIndicators(BehaviourLog log, ScanContext context)
    {
        foreach (var request in log.Requests)
        {
            context.Indicator(IndicatorKind.Url, request.Url);
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
            {
                context.Indicator(uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 ? IndicatorKind.Ip : IndicatorKind.Domain, uri.Host);
            }
        }

        foreach (var command in log.Commands)
        {
            context.Indicator(IndicatorKind.Command, command.CommandLine);
        }

        foreach (var file in log.Files)
        {
            context.Indicator(IndicatorKind.Path, file.Path);
        }

        foreach (var (key, _) in log.RegistryWrites)
        {
            context.Indicator(IndicatorKind.Registry, key);
        }
    }

    private async ValueTask EmitAsync(BehaviourLog log, ScanContext context, string codeExtension, CancellationToken cancellation)
    {
        foreach (var file in log.Files.OrderBy(f => f.Order))
        {
            if (file.Content.Length == 0 || file.Content.AsSpan().SequenceEqual(_standIn))
            {
                continue;
            }

            if (await context.EmitAsync(file.Content, FileName(file.Path), Relation.Dropped, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }
        }

        var number = 0;
        foreach (var command in log.Commands.Select(c => c.CommandLine).Distinct(StringComparer.Ordinal))
        {
            if (await context.EmitAsync(Encoding.UTF8.GetBytes(command), $"command-{++number}.txt", Relation.Decoded, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }
        }

        number = 0;
        foreach (var code in log.Code.Where(c => c.Text.Length >= MinEmittedCodeLength).Select(c => c.Text).Distinct(StringComparer.Ordinal).Take(MaxEmittedCode))
        {
            if (await context.EmitAsync(Encoding.UTF8.GetBytes(code), $"{DynamicCodePrefix}{++number}.{codeExtension}", Relation.Decoded, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }
        }
    }

    private static string FileName(string windowsPath)
    {
        var name = windowsPath[(windowsPath.LastIndexOfAny(['\\', '/']) + 1)..];
        return name.Length == 0 ? "dropped" : name;
    }

    /// <summary>As Windows Script Host reads a script: UTF-16 or UTF-8 when a byte-order mark says so, otherwise
    /// the ANSI code page (Latin-1 here, which keeps every byte).</summary>
    private static string ScriptText(byte[] raw) => raw switch
    {
        [0xFF, 0xFE, ..] => Encoding.Unicode.GetString(raw, 2, raw.Length - 2),
        [0xEF, 0xBB, 0xBF, ..] => Encoding.UTF8.GetString(raw, 3, raw.Length - 3),
        _ => Encoding.Latin1.GetString(raw),
    };
}
