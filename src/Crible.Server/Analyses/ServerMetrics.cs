using Prometheus;

namespace Crible.Server.Analyses;

/// <summary>The Prometheus metrics the service exposes on <c>/metrics</c>.</summary>
public sealed class ServerMetrics
{
    private readonly Counter _analyses = Metrics.CreateCounter("crible_analyses_total", "Analyses finished, by verdict", "verdict");
    private readonly Histogram _duration = Metrics.CreateHistogram("crible_analysis_duration_seconds", "Time from start to verdict", new HistogramConfiguration
    {
        Buckets = Histogram.ExponentialBuckets(0.005, 2, 14),
    });

    private readonly Gauge _queue = Metrics.CreateGauge("crible_queue_depth", "Analyses queued or running");

    public void Completed(string verdict, TimeSpan elapsed)
    {
        _analyses.WithLabels(verdict).Inc();
        _duration.Observe(elapsed.TotalSeconds);
    }

    public void QueueDepth(int depth) => _queue.Set(depth);
}
