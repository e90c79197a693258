using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Crible.Scanners.Emulation.VbScript;

/// <summary>
/// The host's <c>translate(code, mode)</c> for the VBScript runtime: code strings given to <c>Execute</c>,
/// <c>ExecuteGlobal</c> and <c>Eval</c> while the script runs, translated within a total budget and cached (droppers
/// run the same string in a loop). Answers <c>[true, javascript]</c> or <c>[false, reason]</c>.
/// </summary>
internal sealed class VbsRuntimeTranslator(Engine engine, int maxStringLength)
{
    private const long MaxTranslatedChars = 64L * 1024 * 1024;
    private const int MaxCached = 1000;
    private readonly Dictionary<(string, bool), VbsTranslation> _cache = [];
    private long _translatedChars;

    public void Install(JsObject host) =>
        host.Set("translate", new ClrFunction(engine, "translate", (_, args) => Translate(args)));

    private JsArray Translate(JsValue[] args)
    {
        var code = args.Length > 0 ? TypeConverter.ToString(args[0]) : string.Empty;
        var expression = args.Length > 1 && TypeConverter.ToString(args[1]) == "expression";
        if (code.Length > maxStringLength)
        {
            throw new EmulationStop($"a string of {code.Length} characters was passed to the host") { Limit = "string size" };
        }

        if (!_cache.TryGetValue((code, expression), out var translation))
        {
            _translatedChars += code.Length;
            translation = _translatedChars > MaxTranslatedChars
                ? new VbsTranslation(null, "could not translate: the budget for code built at run time is spent")
                : expression ? VbsTranslator.Expression(code) : VbsTranslator.Fragment(code);
            if (_cache.Count < MaxCached)
            {
                _cache[(code, expression)] = translation;
            }
        }

        return translation.Succeeded
            ? new JsArray(engine, [JsBoolean.True, translation.JavaScript!])
            : new JsArray(engine, [JsBoolean.False, translation.Error!]);
    }
}
