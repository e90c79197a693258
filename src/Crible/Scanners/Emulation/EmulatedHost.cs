using System.Globalization;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Crible.Scanners.Emulation;

/// <summary>
/// The only door between the script and Crible: a plain JavaScript object whose functions record what the emulated
/// WSH objects were asked to do, answer network requests with the configured stand-in, and convert text and bytes.
/// It exposes no CLR object, so nothing in the script can reach .NET.
/// </summary>
internal sealed class EmulatedHost
{
    private const long MaxRewrittenChars = 64L * 1024 * 1024;
    private const int MaxRequestsPerUrl = 8;
    private const int MaxCachedRewrites = 1000;
    private readonly Dictionary<string, int> _requestsPerUrl = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _rewrites = new(StringComparer.Ordinal);
    private readonly Engine _engine;
    private readonly EmulationClock _clock;
    private readonly EmulationOptions _options;
    private readonly string _standIn;
    private long _rewrittenChars;

    public EmulatedHost(Engine engine, EmulationOptions options, BehaviourLog log, string standInBytes, EmulationClock clock)
    {
        _engine = engine;
        _clock = clock;
        _options = options;
        Log = log;
        _standIn = standInBytes;
    }

    public BehaviourLog Log { get; }

    /// <summary>The host object handed to the JavaScript side of the emulation.</summary>
    public JsObject Build(string scriptPath, string scriptBytes)
    {
        var host = new JsObject(_engine);
        host.Set("scriptPath", scriptPath);
        host.Set("scriptName", scriptPath[(scriptPath.LastIndexOf('\\') + 1)..]);
        host.Set("scriptBytes", scriptBytes);
        Add(host, "event", Event);
        Add(host, "save", Save);
        Add(host, "fetch", Fetch);
        Add(host, "code", Code);
        Add(host, "rewrite", args => Rewrite(Text(args, 0)));
        Add(host, "encode", args => ByteStrings.Encode(Text(args, 0), Text(args, 1)));
        Add(host, "withoutBom", args => ByteStrings.WithoutBom(Text(args, 0), Text(args, 1)));
        Add(host, "decode", args => ByteStrings.Decode(Text(args, 0), Text(args, 1)));
        Add(host, "base64", args => FromBase64(Text(args, 0)));
        Add(host, "toBase64", args => Convert.ToBase64String(ByteStrings.ToBytes(Text(args, 0))));
        Add(host, "quit", _ => throw new EmulationStop("WScript.Quit"));
        return host;
    }

    private void Add(JsObject host, string name, Func<JsValue[], JsValue> body) =>
        host.Set(name, new ClrFunction(_engine, name, (_, args) => body(args)));

    private string Text(JsValue[] args, int index)
    {
        if (index >= args.Length || args[index].IsUndefined() || args[index].IsNull())
        {
            return string.Empty;
        }

        var text = TypeConverter.ToString(args[index]);
        if (text.Length > _options.MaxStringLength)
        {
            throw new EmulationStop($"a string of {text.Length} characters was passed to the host") { Limit = "string size" };
        }

        return text;
    }

    private JsValue Event(JsValue[] args)
    {
        var kind = Text(args, 0);
        var first = Text(args, 1);
        var second = Text(args, 2);
        switch (kind)
        {
            case "create":
                Log.Add(Log.ObjectsCreated, first);
                break;
            case "member" or "call":
                Log.AddUnknown(first);
                break;
            case "run":
                Log.Add(Log.Commands, new CommandRun(first, second));
                break;
            case "wmi":
                Log.Add(Log.Commands, new CommandRun("WMI " + first, second));
                break;
            case "regwrite":
                Log.Add(Log.RegistryWrites, (first, second));
                break;
            case "task":
                Log.Add(Log.Tasks, (first, second));
                break;
            case "shortcut":
                Log.Add(Log.Shortcuts, (first, second));
                break;
            case "delete":
                Log.Add(Log.Deleted, first);
                break;
            case "echo":
                Log.Add(Log.Echoes, first);
                break;
            case "sleep":
                var slept = (long)Math.Clamp(double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? ms : 0, 0, int.MaxValue);
                Log.SleptMilliseconds += slept;
                _clock.Sleep(TimeSpan.FromMilliseconds(slept));
                break;
            default:
                Log.Add(Log.Calls, $"{kind}: {first} {second}".TrimEnd());
                break;
        }

        return JsValue.Undefined;
    }

    private JsValue Save(JsValue[] args)
    {
        Log.Write(Text(args, 0), ByteStrings.ToBytes(Text(args, 1)), Text(args, 2));
        return JsValue.Undefined;
    }

    private JsValue Fetch(JsValue[] args)
    {
        var (status, reason, body) = _options.Response == FakeResponse.Executable
            ? (200, "OK", _standIn)
            : (404, "Not Found", "<html><body><h1>404 Not Found</h1></body></html>");
        var url = Text(args, 1);
        var count = _requestsPerUrl.GetValueOrDefault(url) + 1;
        _requestsPerUrl[url] = count;
        if (count > MaxRequestsPerUrl)
        {
            throw new EmulationStop($"the script asked for {url} more than {MaxRequestsPerUrl} times (a retry loop)") { Limit = "repeated requests" };
        }

        Log.Add(Log.Requests, new HttpRequest(Text(args, 0), url, Text(args, 3), status, Text(args, 2)));
        return new JsArray(_engine, [status, reason, body]);
    }

    private JsValue Code(JsValue[] args)
    {
        Log.AddCode(Text(args, 0), Text(args, 1));
        return JsValue.Undefined;
    }

    /// <summary>Rewrites the eval calls of a code string, within a total budget: past it, code runs untraced.</summary>
    private string Rewrite(string code)
    {
        if (_rewrites.TryGetValue(code, out var known))
        {
            return known;
        }

        _rewrittenChars += code.Length;
        var rewritten = _rewrittenChars > MaxRewrittenChars ? code : EvalRewriter.Rewrite(code);
        if (_rewrites.Count < MaxCachedRewrites)
        {
            _rewrites[code] = rewritten;
        }

        return rewritten;
    }

    private static string FromBase64(string text)
    {
        var symbols = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/')
            {
                symbols.Append(c);
            }
        }

        symbols.Append('=', (4 - (symbols.Length % 4)) % 4);
        try
        {
            return ByteStrings.FromBytes(Convert.FromBase64String(symbols.ToString()));
        }
        catch (FormatException)
        {
            return string.Empty;
        }
    }
}
