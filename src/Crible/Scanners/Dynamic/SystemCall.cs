namespace Crible.Scanners.Dynamic;

/// <summary>One system call as strace printed it: arguments are strace's text, split at the top level.</summary>
/// <param name="Pid">The process (0 for the first one, before strace starts printing process ids).</param>
/// <param name="Time">Wall-clock time as strace printed it (<c>HH:MM:SS.micro</c>).</param>
/// <param name="Result">What follows <c> = </c>: <c>0</c>, <c>-1 ENOENT (No such file or directory)</c>, <c>?</c>.</param>
internal sealed record SystemCall(int Pid, string Time, string Name, IReadOnlyList<string> Arguments, string Result)
{
    public bool Failed => Result.StartsWith('-');

    public bool Succeeded => !Failed && Result != "?";

    /// <summary>The errno name of a failed call (<c>ENOENT</c>), empty otherwise.</summary>
    public string Error
    {
        get
        {
            if (!Failed)
            {
                return string.Empty;
            }

            var parts = Result.Split(' ', 3);
            return parts.Length > 1 ? parts[1] : string.Empty;
        }
    }

    /// <summary>The returned number when it is a decimal one (a new process id, a file descriptor).</summary>
    public long? ReturnValue => long.TryParse(Result.Split(' ', 2)[0], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    public string Argument(int index) => index < Arguments.Count ? Arguments[index] : string.Empty;
}

/// <summary>The end of a traced process: its exit code, or the signal that killed it.</summary>
internal sealed record ProcessEnd(int Pid, string Time, int? ExitCode, string? Signal);
