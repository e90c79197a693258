using System.Collections.Concurrent;

namespace Crible.Server.Analyses;

/// <summary>Lets a request wait (<c>?wait=</c>) for an analysis that a worker finishes.</summary>
public sealed class CompletionNotifier
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>A task that completes when the analysis ends. Register before checking the status, so an end in
    /// between is not missed.</summary>
    public Task WhenDone(string id) =>
        _waiting.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Done(string id)
    {
        if (_waiting.TryRemove(id, out var completion))
        {
            completion.TrySetResult();
        }
    }

    public void Forget(string id) => _waiting.TryRemove(id, out _);
}
