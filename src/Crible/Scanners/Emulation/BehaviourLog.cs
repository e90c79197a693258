namespace Crible.Scanners.Emulation;

/// <summary>What an emulated script did, in the order it did it. One log per run, used by one thread.</summary>
internal sealed class BehaviourLog
{
    private const int MaxEntries = 2000;
    private const int MaxCodeStrings = 200;
    private readonly Dictionary<string, WrittenFile> _files = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _unknown = new(StringComparer.Ordinal);

    public List<string> ObjectsCreated { get; } = [];

    public List<HttpRequest> Requests { get; } = [];

    public IReadOnlyCollection<WrittenFile> Files => _files.Values;

    public List<CommandRun> Commands { get; } = [];

    public List<(string Key, string Value)> RegistryWrites { get; } = [];

    public List<(string Name, string Actions)> Tasks { get; } = [];

    public List<(string Path, string Target)> Shortcuts { get; } = [];

    public List<string> Deleted { get; } = [];

    public List<DynamicCode> Code { get; } = [];

    public List<string> Echoes { get; } = [];

    /// <summary>Other host calls worth showing (registry reads, WMI queries, shortcuts, unzip), one line each.</summary>
    public List<string> Calls { get; } = [];

    public IReadOnlyCollection<string> UnknownMembers => _unknown;

    public long SleptMilliseconds { get; set; }

    /// <summary>Entries dropped because a list was full.</summary>
    public int Overflow { get; private set; }

    public bool IsEmpty => ObjectsCreated.Count == 0 && Code.Count == 0 && Requests.Count == 0 && Commands.Count == 0 && _files.Count == 0;

    public void Add<T>(List<T> list, T entry)
    {
        if (list.Count >= MaxEntries)
        {
            Overflow++;
            return;
        }

        list.Add(entry);
    }

    public void AddCode(string via, string code)
    {
        if (Code.Count >= MaxCodeStrings)
        {
            Overflow++;
            return;
        }

        Code.Add(new DynamicCode(via, code));
    }

    public void AddUnknown(string member)
    {
        if (_unknown.Count < 200)
        {
            _unknown.Add(member);
        }
    }

    /// <summary>Keeps the last content written to each path, in the order the paths were first written.</summary>
    public void Write(string path, byte[] content, string api)
    {
        if (_files.TryGetValue(path, out var existing))
        {
            _files[path] = existing with { Content = content, Api = api };
            return;
        }

        if (_files.Count >= MaxEntries)
        {
            Overflow++;
            return;
        }

        _files[path] = new WrittenFile(path, content, api, _files.Count);
    }
}

/// <summary>A request the script made, and what the emulated network answered.</summary>
internal sealed record HttpRequest(string Method, string Url, string Api, int Status, string Body);

/// <summary>A file the script wrote; <paramref name="Order"/> is when its path was first written.</summary>
internal sealed record WrittenFile(string Path, byte[] Content, string Api, int Order);

/// <summary>A program the script started, by which API (WScript.Shell.Run, Win32_Process.Create...).</summary>
internal sealed record CommandRun(string Api, string CommandLine);

/// <summary>A code string the script built and ran (eval, Function, setTimeout).</summary>
internal sealed record DynamicCode(string Via, string Text);
