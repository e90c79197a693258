using System.Globalization;

namespace Crible.Scanners.Dynamic;

/// <summary>
/// Turns strace's output (<c>-f -tt -xx</c>) into system calls and process ends. Lines are bounded in number and
/// length, calls split across processes (<c>&lt;unfinished ...&gt;</c> then <c>&lt;... name resumed&gt;</c>) are
/// joined, and anything that does not have the shape of a strace line is counted and skipped.
/// </summary>
internal static class StraceParser
{
    public const int MaxLines = 200_000;
    public const int MaxLineLength = 64 * 1024;
    private const int MaxPendingProcesses = 1024;
    private const string Unfinished = " <unfinished ...>";

    public static StraceTrace Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trace = new StraceTrace();
        var pending = new Dictionary<int, (string Time, string Body)>();
        var lines = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            if (++lines > MaxLines)
            {
                trace.LinesCut = true;
                break;
            }

            if (raw.Length > MaxLineLength)
            {
                trace.SkippedLines++;
                continue;
            }

            ParseLine(raw.ToString(), trace, pending);
        }

        // Calls still waiting when the trace stops were cut by the end of the run: their entry is still behaviour.
        foreach (var (pid, (time, start)) in pending.OrderBy(p => p.Key))
        {
            if (ParseCall(pid, time, start) is { } call)
            {
                trace.Calls.Add(call);
            }
        }

        return trace;
    }

    private static void ParseLine(string line, StraceTrace trace, Dictionary<int, (string Time, string Body)> pending)
    {
        var rest = line;
        var pid = 0;
        if (rest.StartsWith("[pid", StringComparison.Ordinal))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !int.TryParse(rest.AsSpan(4, close - 4).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out pid))
            {
                trace.SkippedLines++;
                return;
            }

            rest = rest[(close + 1)..].TrimStart();
        }

        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space < 8 || !char.IsAsciiDigit(rest[0]))
        {
            trace.SkippedLines++;
            return;
        }

        var time = rest[..space];
        var body = rest[(space + 1)..];
        if (body.StartsWith("+++ ", StringComparison.Ordinal))
        {
            trace.Ends.Add(ParseEnd(pid, time, body));
            return;
        }

        if (body.StartsWith("--- ", StringComparison.Ordinal))
        {
            return;
        }

        if (body.EndsWith(Unfinished, StringComparison.Ordinal))
        {
            if (pending.Count < MaxPendingProcesses || pending.ContainsKey(pid))
            {
                pending[pid] = (time, body[..^Unfinished.Length]);
            }

            return;
        }

        if (body.StartsWith("<... ", StringComparison.Ordinal))
        {
            var resumed = body.IndexOf(" resumed>", StringComparison.Ordinal);
            if (resumed < 0 || !pending.Remove(pid, out var start))
            {
                trace.SkippedLines++;
                return;
            }

            body = start.Body + body[(resumed + " resumed>".Length)..];
        }

        if (ParseCall(pid, time, body) is { } call)
        {
            trace.Calls.Add(call);
        }
        else
        {
            trace.SkippedLines++;
        }
    }

    /// <summary><c>name(arguments) = result</c>; strings are hex-escaped, so the last " = " is the result's. A call
    /// without a result is one the end of the run cut (strace killed while the call blocked): its result is <c>?</c>.</summary>
    private static SystemCall? ParseCall(int pid, string time, string body)
    {
        var open = body.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0)
        {
            return null;
        }

        // strace pads short calls to align results: "ptrace(PTRACE_TRACEME)  = -1 EPERM".
        var equals = body.LastIndexOf(" = ", StringComparison.Ordinal);
        var close = equals < 0 ? -1 : body.AsSpan(0, equals).TrimEnd(' ').Length - 1;
        string result;
        if (equals > open && close > open && body[close] == ')')
        {
            result = body[(equals + 3)..].Trim();
        }
        else
        {
            close = body.TrimEnd().TrimEnd(',').Length;
            result = "?";
        }

        var name = body[..open];
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return null;
        }

        var arguments = StraceText.SplitTopLevel(body[(open + 1)..close]);
        if (arguments.Count > StraceText.MaxArguments)
        {
            arguments = arguments[..StraceText.MaxArguments];
        }

        return new SystemCall(pid, time, name, arguments, result);
    }

    private static ProcessEnd ParseEnd(int pid, string time, string body)
    {
        const string Exited = "+++ exited with ";
        const string Killed = "+++ killed by ";
        if (body.StartsWith(Exited, StringComparison.Ordinal))
        {
            var code = body[Exited.Length..].Split(' ', 2)[0];
            return new ProcessEnd(pid, time, int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null, null);
        }

        var signal = body.StartsWith(Killed, StringComparison.Ordinal) ? body[Killed.Length..].Split(' ', 2)[0] : "unknown";
        return new ProcessEnd(pid, time, null, signal.Length > 16 ? signal[..16] : signal);
    }
}

/// <summary>What strace printed, as data.</summary>
internal sealed class StraceTrace
{
    public List<SystemCall> Calls { get; } = [];

    public List<ProcessEnd> Ends { get; } = [];

    /// <summary>Lines that were not strace's (or were too long to read).</summary>
    public int SkippedLines { get; set; }

    /// <summary>True when there were more lines than <see cref="StraceParser.MaxLines"/>.</summary>
    public bool LinesCut { get; set; }
}
