namespace Crible.Scanners.Dynamic;

/// <summary>What a sample did in one run, in order, from its own start (the wrapper that starts it is left out).</summary>
internal sealed class BehaviourTimeline
{
    public const int MaxEvents = 20_000;

    public List<BehaviourEvent> Events { get; } = [];

    public List<ProcessEnd> Ends { get; } = [];

    /// <summary>True when there were more events than <see cref="MaxEvents"/>.</summary>
    public bool EventsCut { get; set; }

    /// <summary>Processes created (the sample's first one included).</summary>
    public int Processes { get; set; }

    /// <summary>Why the sample itself could not be started (the kernel's error for its execve), or null.</summary>
    public string? StartProblem { get; set; }

    public bool SampleStarted { get; set; }

    /// <summary>The sample's first process ended (exit or signal) while strace watched it.</summary>
    public bool SampleEndSeen { get; set; }

    public IEnumerable<BehaviourEvent> OfKind(BehaviourKind kind) => Events.Where(e => e.Kind == kind);

    public void Add(BehaviourEvent behaviour)
    {
        if (Events.Count >= MaxEvents)
        {
            EventsCut = true;
            return;
        }

        Events.Add(behaviour);
    }
}
