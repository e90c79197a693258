namespace Crible.Sandbox;

/// <summary>Whether sandboxes can be made on this machine, and if not, why (said so a user can fix it).</summary>
public sealed record SandboxAvailability(bool IsAvailable, string? Problem)
{
    public static readonly SandboxAvailability Available = new(true, null);

    public static SandboxAvailability Unavailable(string problem) => new(false, problem);
}
