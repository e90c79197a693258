using System.Globalization;
using System.Text.RegularExpressions;

namespace Crible.Scanners.Dynamic;

/// <summary>
/// Reads a strace trace into a <see cref="BehaviourTimeline"/>: process starts and command lines, files written,
/// deleted, renamed and (outside the system folders) read, connection attempts and DNS queries, signals, ptrace,
/// sleeps, privilege changes and refused forks. Relative paths are resolved against each process's current folder.
/// </summary>
internal sealed partial class TimelineBuilder
{
    private readonly BehaviourTimeline _timeline = new();
    private readonly Dictionary<int, string> _folders = [];
    private readonly string _samplePath;
    private int _wrapperExecs;

    private TimelineBuilder(string samplePath) => _samplePath = samplePath;

    /// <param name="samplePath">The sample's path inside the sandbox: its own reads are not behaviour.</param>
    public static BehaviourTimeline Build(StraceTrace trace, string samplePath)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var builder = new TimelineBuilder(samplePath);
        foreach (var call in trace.Calls)
        {
            builder.Read(call with { Pid = call.Pid == 0 ? SandboxPaths.SamplePid : call.Pid });
        }

        foreach (var end in trace.Ends)
        {
            var pid = end.Pid == 0 ? SandboxPaths.SamplePid : end.Pid;
            builder._timeline.Ends.Add(end with { Pid = pid });
            builder._timeline.SampleEndSeen |= pid == SandboxPaths.SamplePid;
        }

        return builder._timeline;
    }

    private void Read(SystemCall call)
    {
        if (!_timeline.SampleStarted)
        {
            WatchStart(call);
            return;
        }

        switch (call.Name)
        {
            case "execve" or "execveat":
                Execute(call);
                break;
            case "clone" or "clone3" or "fork" or "vfork":
                Fork(call);
                break;
            case "chdir" when call.Succeeded && StraceText.DecodeString(call.Argument(0)) is { } folder:
                _folders[call.Pid] = SandboxPaths.Normalise(folder, FolderOf(call.Pid));
                break;
            case "open" or "creat":
                Open(call, 0, call.Name == "creat" ? "O_CREAT|O_WRONLY|O_TRUNC" : call.Argument(1));
                break;
            case "openat" or "openat2":
                Open(call, 1, call.Argument(2));
                break;
            default:
                ReadOther(call);
                break;
        }
    }

    private void ReadOther(SystemCall call)
    {
        switch (call.Name)
        {
            case "unlink" or "rmdir":
                AddPath(call, BehaviourKind.FileDelete, 0, string.Empty);
                break;
            case "unlinkat":
                AddPath(call, BehaviourKind.FileDelete, 1, string.Empty);
                break;
            case "rename":
                Rename(call, 0, 1);
                break;
            case "renameat" or "renameat2":
                Rename(call, 1, 3);
                break;
            case "link" or "symlink":
                AddPath(call, BehaviourKind.FileWrite, 1, call.Name);
                break;
            case "linkat":
                AddPath(call, BehaviourKind.FileWrite, 3, "link");
                break;
            case "symlinkat":
                AddPath(call, BehaviourKind.FileWrite, 2, "symlink");
                break;
            case "truncate":
                AddPath(call, BehaviourKind.FileWrite, 0, "truncate");
                break;
            case "chmod":
                AddPath(call, BehaviourKind.PermissionChange, 0, call.Argument(1));
                break;
            case "fchmodat":
                AddPath(call, BehaviourKind.PermissionChange, 1, call.Argument(2));
                break;
            default:
                NetworkAndProcesses.Read(call, _timeline);
                break;
        }
    }

    /// <summary>The wrapper's execve, then the sample's: nothing before the sample's start is its behaviour.</summary>
    private void WatchStart(SystemCall call)
    {
        if (call.Name != "execve")
        {
            return;
        }

        if (call.Failed && _wrapperExecs == 1)
        {
            _timeline.StartProblem = $"the kernel refused to start it: {(call.Result.StartsWith("-1 ", StringComparison.Ordinal) ? call.Result[3..] : call.Result)}";
            return;
        }

        if (call.Succeeded && ++_wrapperExecs == 2)
        {
            _timeline.SampleStarted = true;
            _timeline.Processes = 1;
        }
    }

    private void Execute(SystemCall call)
    {
        var pathIndex = call.Name == "execveat" ? 1 : 0;
        var path = StraceText.DecodeString(call.Argument(pathIndex)) ?? string.Empty;
        var arguments = StraceText.DecodeStringArray(call.Argument(pathIndex + 1));
        var commandLine = arguments.Count > 0 ? string.Join(' ', arguments) : path;
        _timeline.Add(new BehaviourEvent(call.Time, call.Pid, BehaviourKind.Execute, SandboxPaths.Normalise(path, FolderOf(call.Pid)), commandLine, call.Succeeded));
    }

    private void Fork(SystemCall call)
    {
        if (call.Failed)
        {
            _timeline.Add(new BehaviourEvent(call.Time, call.Pid, BehaviourKind.ForkRefused, call.Name, call.Error, false));
            return;
        }

        if (call.ReturnValue is > 0 and var child && child <= int.MaxValue)
        {
            _timeline.Processes++;
            _folders[(int)child] = FolderOf(call.Pid);
        }
    }

    private void Open(SystemCall call, int pathIndex, string flags)
    {
        var path = PathAt(call, pathIndex);
        if (path is null)
        {
            return;
        }

        var writes = WriteFlags().IsMatch(flags);
        if (writes && !path.StartsWith("/dev/", StringComparison.Ordinal) && !path.StartsWith("/proc/", StringComparison.Ordinal))
        {
            _timeline.Add(new BehaviourEvent(call.Time, call.Pid, BehaviourKind.FileWrite, path, OpenFlagsLabel(flags), call.Succeeded));
        }
        else if (!writes && IsReadWorthNoting(path, call))
        {
            _timeline.Add(new BehaviourEvent(call.Time, call.Pid, BehaviourKind.FileRead, path, string.Empty, call.Succeeded));
        }
    }

    /// <summary>Reads of the sample's own folders and of paths the sandbox lacks are kept (a program looking for the
    /// host's secrets finds nothing, but looked); the system's and the interpreters' own probes are not.</summary>
    private bool IsReadWorthNoting(string path, SystemCall call)
    {
        if (path == _samplePath || SandboxPaths.IsSystem(path))
        {
            return false;
        }

        return call.Succeeded || SensitiveFiles.IsSensitive(path) || !SandboxPaths.StartsWithFolder(path, "/etc");
    }

    private void Rename(SystemCall call, int fromIndex, int toIndex)
    {
        var from = PathAt(call, fromIndex);
        var to = PathAt(call, toIndex);
        if (from is not null && to is not null)
        {
            _timeline.Add(new BehaviourEvent(call.Time, call.Pid, BehaviourKind.FileRename, from, to, call.Succeeded));
        }
    }

    private void AddPath(SystemCall call, BehaviourKind kind, int index, string detail)
    {
        if (PathAt(call, index) is { } path)
        {
            _timeline.Add(new BehaviourEvent(call.Time, call.Pid, kind, path, detail, call.Succeeded));
        }
    }

    /// <summary>The path argument, absolute; a path relative to a descriptor other than AT_FDCWD keeps the number.</summary>
    private string? PathAt(SystemCall call, int index)
    {
        if (StraceText.DecodeString(call.Argument(index)) is not { } path)
        {
            return null;
        }

        var relativeToDescriptor = call.Name.EndsWith("at", StringComparison.Ordinal) || call.Name is "openat2" or "renameat2";
        var folder = FolderOf(call.Pid);
        if (!path.StartsWith('/') && relativeToDescriptor && index > 0 && call.Argument(index - 1) is var descriptor && descriptor != "AT_FDCWD")
        {
            folder = "/(fd " + (descriptor.Length > 8 ? descriptor[..8] : descriptor) + ")";
        }

        return SandboxPaths.Normalise(path, folder);
    }

    private string FolderOf(int pid) => _folders.GetValueOrDefault(pid, SandboxPaths.Work);

    private static string OpenFlagsLabel(string flags) =>
        string.Join('|', flags.Split('|').Where(f => f is "O_CREAT" or "O_TRUNC" or "O_APPEND" or "O_WRONLY" or "O_RDWR"));

    [GeneratedRegex(@"\bO_(WRONLY|RDWR|CREAT|TRUNC|APPEND)\b", RegexOptions.CultureInvariant)]
    private static partial Regex WriteFlags();

    internal static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
