namespace Crible.Sandbox;

/// <summary>How a sandboxed command ended.</summary>
public enum SandboxStatus
{
    /// <summary>It ran and exited by itself (see the exit code).</summary>
    Exited,

    /// <summary>It ran past its wall-clock timeout and the whole sandbox was killed.</summary>
    TimedOut,

    /// <summary>It wrote more than the work folder allows and the whole sandbox was killed.</summary>
    WorkDirectoryFull,

    /// <summary>No sandbox could be made (bubblewrap missing, namespaces refused); the command did not run.</summary>
    Unavailable,
}
