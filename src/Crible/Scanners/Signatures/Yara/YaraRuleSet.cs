using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Crible.Model;

namespace Crible.Scanners.Signatures.Yara;

/// <summary>
/// Compiled YARA rules. Scans may run from any number of threads at once: each takes its own libyara scanner (a
/// scanner is not thread-safe, the rules are) from a small pool.
/// </summary>
public sealed unsafe class YaraRuleSet : IDisposable
{
    /// <summary>Matched strings kept per matching rule.</summary>
    public const int MaxStringsPerMatch = 16;

    /// <summary>Bytes kept of each matched string.</summary>
    public const int MaxMatchData = 64;

    private readonly YaraRulesHandle _rules;
    private readonly Dictionary<nint, YaraRule> _catalog;
    private readonly Stack<nint> _idleScanners = new();
    private readonly int _maxIdleScanners = Math.Max(2, Environment.ProcessorCount * 2);
    private bool _disposed;

    private YaraRuleSet(nint rules, string version)
    {
        _rules = new YaraRulesHandle(rules);
        try
        {
            var all = ReadRules(rules);
            _catalog = all.ToDictionary(entry => entry.Native, entry => entry.Rule);
            Rules = [.. all.Select(entry => entry.Rule)];
        }
        catch
        {
            _rules.Dispose();
            throw;
        }

        Version = version;
    }

    /// <summary>A short digest of the sources' names and contents, naming this rule set in reports and caches.
    /// Included files are not part of it.</summary>
    public string Version { get; }

    /// <summary>Every rule, private ones included, in compiled order.</summary>
    public IReadOnlyList<YaraRule> Rules { get; }

    /// <summary>
    /// Compiles rule files, each in its own namespace (<see cref="YaraSource.Name"/>). A file with errors is left out
    /// and reported, naming the file and line; the others are compiled all the same.
    /// </summary>
    public static YaraCompilation Compile(IEnumerable<YaraSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var candidates = sources.ToList();
        var errors = new List<YaraCompileMessage>();
        var rejected = new List<YaraSource>();

        // Usually every file is good and one pass is enough. A compiler that saw an error is spent, so after a
        // failure the files not yet seen are checked one by one in fresh compilers, then the good ones compiled
        // together again; a file failing only in company (never seen so far) is dropped the same way.
        var checkedAlone = false;
        while (true)
        {
            using var compiler = new YaraCompiler();
            var failed = -1;
            for (var i = 0; i < candidates.Count && failed < 0; i++)
            {
                var problems = compiler.Add(candidates[i]);
                if (problems.Count > 0)
                {
                    errors.AddRange(problems);
                    rejected.Add(candidates[i]);
                    failed = i;
                }
            }

            if (failed < 0)
            {
                var rules = new YaraRuleSet(compiler.TakeRules(), VersionOf(candidates));
                return new YaraCompilation(rules, errors, compiler.Warnings.ToList(), rejected);
            }

            candidates.RemoveAt(failed);
            if (!checkedAlone)
            {
                checkedAlone = true;
                var rest = candidates.Skip(failed).ToList();
                candidates.RemoveRange(failed, rest.Count);
                foreach (var source in rest)
                {
                    using var alone = new YaraCompiler();
                    var problems = alone.Add(source);
                    if (problems.Count > 0)
                    {
                        errors.AddRange(problems);
                        rejected.Add(source);
                    }
                    else
                    {
                        candidates.Add(source);
                    }
                }
            }
        }
    }

    /// <summary>Scans bytes in memory.</summary>
    /// <param name="timeout">libyara stops at this bound (whole seconds, at least one) and reports
    /// <see cref="YaraScanResult.TimedOut"/>.</param>
    public YaraScanResult Scan(ReadOnlySpan<byte> data, YaraExternals externals, TimeSpan timeout)
    {
        fixed (byte* buffer = data)
        {
            return Run(externals, timeout, buffer, (nuint)data.Length, fd: -1);
        }
    }

    /// <summary>Scans a file on disk (libyara maps it).</summary>
    public YaraScanResult ScanFile(string path, YaraExternals externals, TimeSpan timeout)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        return Run(externals, timeout, null, 0, (int)file.DangerousGetHandle());
    }

    /// <summary>Scans a sample where it is: in memory, or its file.</summary>
    public YaraScanResult Scan(SampleData data, YaraExternals externals, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.IsInMemory ? Scan(data.Memory.Span, externals, timeout) : ScanFile(data.FilePath!, externals, timeout);
    }

    public void Dispose()
    {
        lock (_idleScanners)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            while (_idleScanners.TryPop(out var scanner))
            {
                YaraNative.ScannerDestroy(scanner);
            }
        }

        // Scans still running hold a reference: the rules go when the last of them ends.
        _rules.Dispose();
    }

    /// <summary>Scans <paramref name="buffer"/>, or the file <paramref name="fd"/> when it is not negative.</summary>
    private YaraScanResult Run(YaraExternals externals, TimeSpan timeout, byte* buffer, nuint length, int fd)
    {
        ArgumentNullException.ThrowIfNull(externals);
        var added = false;
        _rules.DangerousAddRef(ref added);
        try
        {
            var scanner = Rent();
            try
            {
                foreach (var (name, value) in externals.Values())
                {
                    Check(YaraNative.ScannerDefineStringVariable(scanner, name, value), $"set the external {name}");
                }

                var collector = new YaraScan(_catalog);
                var self = GCHandle.Alloc(collector);
                int result;
                try
                {
                    YaraNative.ScannerSetCallback(scanner, YaraScan.Callback, GCHandle.ToIntPtr(self));
                    YaraNative.ScannerSetTimeout(scanner, TimeoutSeconds(timeout));
                    result = fd >= 0 ? YaraNative.ScannerScanFd(scanner, fd) : YaraNative.ScannerScanMem(scanner, buffer, length);
                }
                finally
                {
                    YaraNative.ScannerSetCallback(scanner, 0, 0);
                    self.Free();
                }

                if (collector.Failure is not null)
                {
                    throw new YaraException("Reading a YARA match failed.", collector.Failure);
                }

                return new YaraScanResult(collector.Matches, result);
            }
            finally
            {
                Return(scanner);
            }
        }
        finally
        {
            if (added)
            {
                _rules.DangerousRelease();
            }
        }
    }

    private static int TimeoutSeconds(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero ? 1 : (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, int.MaxValue);

    private nint Rent()
    {
        lock (_idleScanners)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idleScanners.TryPop(out var idle))
            {
                return idle;
            }
        }

        Check(YaraNative.ScannerCreate(_rules.DangerousGetHandle(), out var scanner), "create a scanner");
        YaraNative.ScannerSetFlags(scanner, YaraNative.ScanFlagsReportRulesMatching);
        return scanner;
    }

    private void Return(nint scanner)
    {
        lock (_idleScanners)
        {
            if (!_disposed && _idleScanners.Count < _maxIdleScanners)
            {
                _idleScanners.Push(scanner);
                return;
            }
        }

        YaraNative.ScannerDestroy(scanner);
    }

    private static void Check(int result, string what)
    {
        if (result != YaraNative.ErrorSuccess)
        {
            throw new YaraException($"libyara could not {what}: {YaraErrors.Name(result)}");
        }
    }

    private static string VersionOf(IReadOnlyList<YaraSource> sources)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var source in sources.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(source.Name));
            hash.AppendData([0]);
            var content = source.ReadContent();
            hash.AppendData(BitConverter.GetBytes((long)content.Length));
            hash.AppendData(content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private static List<(nint Native, YaraRule Rule)> ReadRules(nint rules)
    {
        var all = new List<(nint, YaraRule)>();
        for (var rule = ((YaraNative.Rules*)rules)->RulesTable; (rule->Flags & YaraNative.RuleFlagsNull) == 0; rule++)
        {
            all.Add(((nint)rule, ReadRule(rule)));
        }

        return all;
    }

    private static YaraRule ReadRule(YaraNative.Rule* rule)
    {
        var tags = new List<string>();
        for (var tag = rule->Tags; tag is not null && *tag != 0; tag += MemoryMarshal.CreateReadOnlySpanFromNullTerminated(tag).Length + 1)
        {
            tags.Add(YaraNative.Text(tag));
        }

        var metas = new List<KeyValuePair<string, string>>();
        for (var meta = rule->Metas; meta is not null; meta = (meta->Flags & YaraNative.MetaFlagsLastInRule) != 0 ? null : meta + 1)
        {
            var value = meta->Type switch
            {
                YaraNative.MetaTypeString => YaraNative.Text(meta->String),
                YaraNative.MetaTypeBoolean => meta->Integer != 0 ? "true" : "false",
                _ => meta->Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            metas.Add(new(YaraNative.Text(meta->Identifier), value));
        }

        var ruleNamespace = rule->Namespace is null ? string.Empty : YaraNative.Text(rule->Namespace->Name);
        return new YaraRule(YaraNative.Text(rule->Identifier), ruleNamespace, tags, metas);
    }
}
