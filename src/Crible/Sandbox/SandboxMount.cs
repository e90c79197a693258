namespace Crible.Sandbox;

/// <summary>A host file or folder made visible read-only inside the sandbox.</summary>
/// <param name="HostPath">The path on the host (it must be readable by the sandbox user).</param>
/// <param name="SandboxPath">Where the command sees it, an absolute path such as <c>/input/sample</c>.</param>
public sealed record SandboxMount(string HostPath, string SandboxPath);
