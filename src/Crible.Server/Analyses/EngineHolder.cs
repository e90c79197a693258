using Crible.Configuration;
using Microsoft.Extensions.Logging;

namespace Crible.Server.Analyses;

/// <summary>
/// The engine in use, replaced as a whole when the rules change. A reload that meets a broken rule file keeps the
/// previous engine and says why; analyses already running finish on the engine they started with.
/// </summary>
public sealed partial class EngineHolder : IDisposable
{
    private readonly CribleOptions _options;
    private readonly ILogger<EngineHolder> _logger;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Lock _gate = new();
    private CribleEngine _engine;
    private Timer? _debounce;

    public EngineHolder(CribleOptions options, ILogger<EngineHolder> logger)
    {
        _options = options;
        _logger = logger;
        _engine = CribleEngine.Load(options);
        foreach (var problem in _engine.Problems)
        {
            LogProblem(_logger, problem);
        }

        Watch();
    }

    public CribleEngine Current
    {
        get
        {
            lock (_gate)
            {
                return _engine;
            }
        }
    }

    /// <summary>Problems met by the last reload (empty when it succeeded).</summary>
    public IReadOnlyList<string> LastReloadProblems { get; private set; } = [];

    /// <summary>Compiles the rules again; swaps the engine only if every rule file compiled.</summary>
    public ReloadResult Reload()
    {
        var candidate = CribleEngine.Load(_options);
        if (candidate.Problems.Count > 0)
        {
            candidate.Dispose();
            LastReloadProblems = candidate.Problems;
            LogReloadRefused(_logger, string.Join("; ", candidate.Problems));
            return new ReloadResult(false, Current.RulesVersion, candidate.Problems);
        }

        lock (_gate)
        {
            // The old engine is not disposed: analyses still running use its rules. Its native memory goes with
            // the process; reloads are rare.
            _engine = candidate;
        }

        LastReloadProblems = [];
        LogReloaded(_logger, candidate.RulesVersion);
        return new ReloadResult(true, candidate.RulesVersion, []);
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _debounce?.Dispose();
        Current.Dispose();
    }

    private void Watch()
    {
        foreach (var path in _options.Signatures.YaraRules.Concat(_options.Signatures.HashLists))
        {
            var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is null || !Directory.Exists(folder))
            {
                continue;
            }

            var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = Directory.Exists(path), EnableRaisingEvents = true };
            watcher.Changed += (_, _) => ScheduleReload();
            watcher.Created += (_, _) => ScheduleReload();
            watcher.Deleted += (_, _) => ScheduleReload();
            watcher.Renamed += (_, _) => ScheduleReload();
            _watchers.Add(watcher);
        }
    }

    private void ScheduleReload()
    {
        // Editors write a file in several steps: wait for the writes to settle.
        _debounce?.Dispose();
        _debounce = new Timer(_ => Reload(), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rules: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rule reload refused, the previous rules stay active: {Problems}")]
    private static partial void LogReloadRefused(ILogger logger, string problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rules reloaded, version {Version}")]
    private static partial void LogReloaded(ILogger logger, string version);
}

/// <summary>What a reload did.</summary>
public sealed record ReloadResult(bool Applied, string RulesVersion, IReadOnlyList<string> Problems);
