namespace Crible.Server.Api;

/// <summary>Bounds the uploads received at once.</summary>
public sealed class UploadGate(ServerOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentUploads, options.MaxConcurrentUploads);

    public bool TryEnter() => _slots.Wait(0);

    public void Leave() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
