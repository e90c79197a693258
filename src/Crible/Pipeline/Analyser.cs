using System.Diagnostics;
using Crible.Identification;
using Crible.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crible.Pipeline;

/// <summary>
/// Analyses one file and everything inside it: identify, run every accepting scanner, take the sub-files they
/// emit and do the same to them, within the limits; then decide the verdict.
/// </summary>
public sealed partial class Analyser
{
    private readonly FileIdentifier _identifier;
    private readonly IReadOnlyList<IScanner> _scanners;
    private readonly AnalysisSettings _settings;
    private readonly ILogger _logger;

    public Analyser(FileIdentifier identifier, IEnumerable<IScanner> scanners, AnalysisSettings settings, ILogger<Analyser>? logger = null)
    {
        _identifier = identifier;
        _scanners = [.. scanners];
        _settings = settings;
        _logger = logger ?? NullLogger<Analyser>.Instance;
        var duplicates = _scanners.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new ArgumentException($"Two scanners share the name {string.Join(", ", duplicates)}.", nameof(scanners));
        }
    }

    public IReadOnlyList<IScanner> Scanners => _scanners;

    public AnalysisSettings Settings => _settings;

    /// <summary>Analyses a file on disk, read in place.</summary>
    public Task<Report> AnalyseFileAsync(string path, CancellationToken cancellation = default) =>
        AnalyseFileAsync(path, Path.GetFileName(path), [], cancellation);

    public async Task<Report> AnalyseFileAsync(string path, string name, IReadOnlyList<string> passwords, CancellationToken cancellation = default)
    {
        using var data = SampleData.FromFile(path);
        return await AnalyseAsync(data, name, passwords, cancellation).ConfigureAwait(false);
    }

    /// <param name="data">The submitted bytes; the caller keeps and disposes them.</param>
    /// <param name="name">The submitted name (only a label: the type is read from the content).</param>
    /// <param name="passwords">Passwords given with this request, tried before the configured ones.</param>
    public async Task<Report> AnalyseAsync(SampleData data, string name, IReadOnlyList<string> passwords, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(passwords);
        var clock = Stopwatch.StartNew();
        var tempDirectory = Path.Combine(_settings.TempRoot, Guid.NewGuid().ToString("N"));
        using var state = new AnalysisState(_settings, tempDirectory);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(_settings.Limits.Deadline);
        using var slots = new SemaphoreSlim(_settings.Concurrency);
        var run = new Run(this, state, slots, passwords, cancellation, deadline.Token);

        state.TryReserveFile();
        var root = new AnalysisNode(null, string.IsNullOrEmpty(name) ? "(unnamed)" : name, Relation.Root, data);
        state.FirstWithSameContent(root);
        await run.ProcessAsync(root).ConfigureAwait(false);
        return ReportBuilder.Build(root, _scanners.Select(s => state.EngineResult(s.Name)).ToList(), state.LimitsHit, clock.Elapsed);
    }

    /// <summary>One analysis in progress.</summary>
    private sealed class Run(
        Analyser analyser,
        AnalysisState state,
        SemaphoreSlim slots,
        IReadOnlyList<string> requestPasswords,
        CancellationToken cancellation,
        CancellationToken deadline)
    {
        public async Task ProcessAsync(AnalysisNode node)
        {
            if (node.DuplicateOf is null)
            {
                await slots.WaitAsync(cancellation).ConfigureAwait(false);
                try
                {
                    await ScanNodeAsync(node).ConfigureAwait(false);
                }
                finally
                {
                    slots.Release();
                    if (node.Parent is not null && node.ReleaseData() is { } data)
                    {
                        state.ReleaseMemory(data);
                        data.Dispose();
                    }
                }
            }

            // Slots are held only while scanning, so a parent never waits on its children for one.
            await Task.WhenAll(node.Children.Select(ProcessAsync)).ConfigureAwait(false);
        }

        private async Task ScanNodeAsync(AnalysisNode node)
        {
            var data = node.Data!;
            node.Kind = analyser._identifier.Identify(data, node.Name);
            var item = new ScanItem(node.Name, node.Path, node.Kind, data, node.Depth, node.Relation);
            foreach (var scanner in analyser._scanners)
            {
                if (deadline.IsCancellationRequested)
                {
                    cancellation.ThrowIfCancellationRequested();
                    DeadlineReached(node);
                    return;
                }

                bool accepts;
                try
                {
                    accepts = scanner.Accepts(item);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Failed(node, scanner, exception);
                    continue;
                }

                if (accepts)
                {
                    await RunScannerAsync(scanner, item, node).ConfigureAwait(false);
                }
            }
        }

        private async Task RunScannerAsync(IScanner scanner, ScanItem item, AnalysisNode node)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(deadline);
            timeout.CancelAfter(state.Limits.ScannerTimeout);
            var context = new ScanContext(state, node, scanner.Name, PasswordsFor(node));
            var clock = Stopwatch.StartNew();
            try
            {
                await scanner.ScanAsync(item, context, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                if (deadline.IsCancellationRequested)
                {
                    DeadlineReached(node);
                }
                else
                {
                    var seconds = state.Limits.ScannerTimeout.TotalSeconds;
                    state.Hit("timeout", node.Path, $"{scanner.Name} took more than {seconds:0.#} s");
                    node.AddIncomplete($"timeout: {scanner.Name} took more than {seconds:0.#} s");
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Failed(node, scanner, exception);
            }
            finally
            {
                state.RecordEngine(scanner.Name, clock.Elapsed, context.ReportedMalicious);
            }
        }

        /// <summary>The request's passwords, then those the node's ancestors suggested, then the configured ones.</summary>
        private List<string> PasswordsFor(AnalysisNode node) =>
        [
            .. requestPasswords
                .Concat(node.Parent?.PasswordsForChildren() ?? [])
                .Concat(state.Settings.Passwords)
                .Distinct(StringComparer.Ordinal),
        ];

        private void DeadlineReached(AnalysisNode node)
        {
            var seconds = state.Limits.Deadline.TotalSeconds;
            state.Hit("deadline", node.Path, $"the analysis took more than {seconds:0.#} s");
            node.AddIncomplete($"deadline: the analysis took more than {seconds:0.#} s");
        }

        private void Failed(AnalysisNode node, IScanner scanner, Exception exception)
        {
            LogScannerFailed(analyser._logger, exception, scanner.Name, node.Path, node.Hashes.Sha256);
            node.AddIncomplete($"{scanner.Name} failed: {exception.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scanner {Scanner} failed on {Path} ({Sha256})")]
    private static partial void LogScannerFailed(ILogger logger, Exception exception, string scanner, string path, string sha256);
}
