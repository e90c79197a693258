using System.Diagnostics;
using System.Globalization;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Crible.Scanners.Emulation.VbScript;
using Crible.Scanners.Scripts;

namespace Crible.Scanners.Emulation;

/// <summary>
/// Runs one script in a fresh Jint engine under the emulated Windows Script Host, within the configured bounds
/// (wall time, statements, memory, recursion, string size), and returns what it did. Jint is built without CLR
/// access: the script sees only JavaScript built-ins and the host objects.
/// </summary>
internal sealed class ScriptEmulator
{
    private static readonly Prepared<Script> Core = Prepare("wsh-core.js");
    private static readonly Prepared<Script> Objects = Prepare("wsh-objects.js");
    private static readonly Prepared<Script> System = Prepare("wsh-system.js");
    private static readonly Prepared<Script> VbsRuntime = Prepare("vbs-runtime.js");
    private static readonly Prepared<Script> VbsFunctions = Prepare("vbs-functions.js");
    private readonly EmulationOptions _options;
    private readonly string _standIn;

    public ScriptEmulator(EmulationOptions options)
    {
        _options = options;
        _standIn = ByteStrings.FromBytes(StandInExecutable.Build());
    }

    /// <summary>The bytes the emulated network answers with when it answers with a program.</summary>
    public string StandInBytes => _standIn;

    /// <summary>Runs a script: JScript as it is, VBScript already translated to JavaScript by
    /// <see cref="VbsTranslator"/> (its runtime library and the translator for Execute are installed first).</summary>
    public EmulationResult Run(string script, string scriptBytes, string scriptName, TimeSpan budget, CancellationToken cancellation, ScriptDialect dialect = ScriptDialect.JavaScript)
    {
        var log = new BehaviourLog();
        var watch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(budget);
        var clock = new EmulationClock();
        var engine = new Engine(options =>
        {
            options.Strict(false);
            options.LimitRecursion(_options.MaxRecursionDepth);
            options.MaxStatements(_options.MaxStatements);
            options.LimitMemory(_options.MaxMemoryBytes);
            options.TimeoutInterval(budget);
            options.CancellationToken(deadline.Token);
            options.Culture(CultureInfo.InvariantCulture);
            options.TimeSystem = clock;
            options.Constraints.MaxArraySize = 16_000_000;
            options.Constraints.RegexTimeout = TimeSpan.FromSeconds(2);
        });
        var host = new EmulatedHost(engine, _options, log, _standIn, clock);
        var bridge = host.Build(ScriptPath(scriptName), scriptBytes);
        var kit = engine.Call(engine.Evaluate(Core), JsValue.Undefined, [bridge, engine.Global]);
        engine.Call(engine.Evaluate(Objects), JsValue.Undefined, [kit, bridge]);
        engine.Call(engine.Evaluate(System), JsValue.Undefined, [kit, bridge]);
        if (dialect == ScriptDialect.VbScript)
        {
            new VbsRuntimeTranslator(engine, _options.MaxStringLength).Install(bridge);
            var vb = engine.Call(engine.Evaluate(VbsRuntime), JsValue.Undefined, [kit, bridge, engine.Global]);
            engine.Call(engine.Evaluate(VbsFunctions), JsValue.Undefined, [kit, bridge, vb]);
        }

        var code = dialect == ScriptDialect.VbScript ? script : EvalRewriter.Rewrite(script);
        var outcome = Guard(() => engine.Execute(code, scriptName));
        if (outcome.Stop is null && !outcome.Quit)
        {
            // Timers run after the script, as a host's event loop would; their errors are the script's errors.
            var timers = Guard(() => engine.Call(engine.GetValue("__crible_run_timers"), JsValue.Undefined, []));
            outcome = timers.Stop is not null || timers.Quit ? timers : outcome with { Error = outcome.Error ?? timers.Error };
        }

        return new EmulationResult(log, outcome.Stop, outcome.Error, outcome.Quit, watch.Elapsed);
    }

    /// <summary>Runs one phase and says how it ended: a bound (<c>Stop</c>), the script's own uncaught error, or a
    /// quit. Only the caller's cancellation (the scanner timeout) escapes, after the deadline source saw it.</summary>
    private static Outcome Guard(Action phase)
    {
        try
        {
            phase();
            return new Outcome(null, null, false);
        }
        catch (EmulationStop stop) when (stop.Limit is null)
        {
            return new Outcome(null, null, true);
        }
        catch (EmulationStop stop)
        {
            return new Outcome($"{stop.Limit}: {stop.Message}", null, false);
        }
        catch (StatementsCountOverflowException)
        {
            return new Outcome("statements: the statement budget was spent", null, false);
        }
        catch (MemoryLimitExceededException)
        {
            return new Outcome("memory: the allocation budget was spent", null, false);
        }
        catch (RecursionDepthOverflowException exception)
        {
            return new Outcome("recursion: " + exception.Message, null, false);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException or ExecutionCanceledException)
        {
            return new Outcome("time: the wall-time budget was spent", null, false);
        }
        catch (JavaScriptException exception)
        {
            return new Outcome(null, exception.Message, false);
        }
        catch (Acornima.ParseErrorException exception)
        {
            return new Outcome(null, "syntax error: " + exception.Message, false);
        }
        catch (JintException exception)
        {
            return new Outcome(null, exception.Message, false);
        }
    }

    /// <summary>Where the script believes it runs: a mail attachment opened from the user's temporary folder.</summary>
    private static string ScriptPath(string name)
    {
        var file = name.Replace('\\', '/');
        file = file[(file.LastIndexOf('/') + 1)..];
        file = new string([.. file.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?'))]);
        return @"C:\Users\admin\AppData\Local\Temp\" + (file.Length == 0 ? "document.js" : file);
    }

    private static Prepared<Script> Prepare(string resource)
    {
        using var stream = typeof(ScriptEmulator).Assembly.GetManifestResourceStream("Crible.Emulation." + resource)
            ?? throw new InvalidOperationException($"The emulation resource {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return Engine.PrepareScript(reader.ReadToEnd(), resource);
    }
}

/// <summary>One emulation: what the script did, the bound that stopped it early (null when none did), the uncaught
/// error that ended it, whether it called WScript.Quit, and how long it ran.</summary>
internal sealed record EmulationResult(BehaviourLog Behaviour, string? Stop, string? Error, bool Quit, TimeSpan Elapsed);

/// <summary>How one phase of a run ended.</summary>
internal sealed record Outcome(string? Stop, string? Error, bool Quit);
