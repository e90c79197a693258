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
        var pending = new Dictionary<int, string>();
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

        return trace;
    }

    private static void ParseLine(string line, StraceTrace trace, Dictionary<int, string> pending)
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
                pending[pid] = body[..^Unfinished.Length];
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

            body = start + body[(resumed + " resumed>".Length)..];
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

    /// <summary><c>name(arguments) = result</c>; strings are hex-escaped, so the last " = " is the result's.</summary>
    private static SystemCall? ParseCall(int pid, string time, string body)
    {
        var open = body.IndexOf('(', StringComparison.Ordinal);
        var equals = body.LastIndexOf(") = ", StringComparison.Ordinal);
        if (open <= 0 || equals < open)
        {
            return null;
        }

        var name = body[..open];
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return null;
        }

        var arguments = StraceText.SplitTopLevel(body[(open + 1)..equals]);
        if (arguments.Count > StraceText.MaxArguments)
        {
            arguments = arguments[..StraceText.MaxArguments];
        }

        return new SystemCall(pid, time, name, arguments, body[(equals + 4)..].Trim());
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
