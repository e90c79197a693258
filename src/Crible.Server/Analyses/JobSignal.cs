namespace Crible.Server.Analyses;

/// <summary>Wakes idle workers when work is queued (they also poll, so a missed signal only delays).</summary>
public sealed class JobSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Queued() => _signal.Release();

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellation) => _signal.WaitAsync(timeout, cancellation);

    public void Dispose() => _signal.Dispose();
}
