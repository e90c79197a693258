using System.Collections.Concurrent;
using System.Diagnostics;
using Crible.Model;

namespace Crible.Pipeline;

/// <summary>What one analysis shares across its nodes: counters against the limits, seen content, limit hits,
/// engine timings and its private temporary folder.</summary>
internal sealed class AnalysisState(AnalysisSettings settings, string tempDirectory) : IDisposable
{
    private readonly ConcurrentDictionary<string, AnalysisNode> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EngineTally> _engines = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<LimitHit> _limitsHit = new();
    private readonly ConcurrentDictionary<string, bool> _limitKinds = new(StringComparer.Ordinal);
    private int _files;
    private long _totalBytes;
    private long _inMemoryBytes;

    public AnalysisSettings Settings { get; } = settings;

    public Limits Limits => Settings.Limits;

    public string TempDirectory { get; } = tempDirectory;

    public IReadOnlyList<LimitHit> LimitsHit => [.. _limitsHit];

    public long TotalBytes => Interlocked.Read(ref _totalBytes);

    public long InMemoryRoom => Math.Max(0, Math.Min(Limits.MaxInMemoryBytes, Settings.MaxInMemoryTotalBytes - Interlocked.Read(ref _inMemoryBytes)));

    /// <summary>Counts one more node against the file limit; false when the limit is reached.</summary>
    public bool TryReserveFile()
    {
        if (Interlocked.Increment(ref _files) <= Limits.MaxFiles)
        {
            return true;
        }

        Interlocked.Decrement(ref _files);
        return false;
    }

    public void ReleaseFile() => Interlocked.Decrement(ref _files);

    public void AddBytes(SampleData data)
    {
        Interlocked.Add(ref _totalBytes, data.Length);
        if (data.IsInMemory)
        {
            Interlocked.Add(ref _inMemoryBytes, data.Length);
        }
    }

    public void ReleaseMemory(SampleData data)
    {
        if (data.IsInMemory)
        {
            Interlocked.Add(ref _inMemoryBytes, -data.Length);
        }
    }

    /// <summary>Registers content by SHA-256; returns the node that already had it, or null if it is new.</summary>
    public AnalysisNode? FirstWithSameContent(AnalysisNode node)
    {
        var first = _seen.GetOrAdd(node.Hashes.Sha256, node);
        return ReferenceEquals(first, node) ? null : first;
    }

    /// <summary>Records a limit hit. Repeated hits of a limit with the same detail are kept once.</summary>
    public void Hit(string limit, string path, string detail)
    {
        if (_limitKinds.TryAdd(limit + "\n" + path + "\n" + detail, true))
        {
            _limitsHit.Enqueue(new LimitHit(limit, path, detail));
        }
    }

    public void RecordEngine(string name, TimeSpan elapsed, bool detected)
    {
        var tally = _engines.GetOrAdd(name, _ => new EngineTally());
        tally.Add(elapsed, detected);
    }

    public EngineResult EngineResult(string name)
    {
        var tally = _engines.GetValueOrDefault(name);
        return tally is null ? new EngineResult(name, false, 0) : new EngineResult(name, tally.Detected, tally.Milliseconds);
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(TempDirectory))
            {
                Directory.Delete(TempDirectory, recursive: true);
            }
        }
        catch (IOException exception)
        {
            Trace.TraceWarning($"Could not delete the temporary folder {TempDirectory}: {exception.Message}");
        }
    }

    private sealed class EngineTally
    {
        private long _ticks;
        private int _detected;

        public bool Detected => Volatile.Read(ref _detected) != 0;

        public long Milliseconds => (long)TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalMilliseconds;

        public void Add(TimeSpan elapsed, bool detected)
        {
            Interlocked.Add(ref _ticks, elapsed.Ticks);
            if (detected)
            {
                Volatile.Write(ref _detected, 1);
            }
        }
    }
}
