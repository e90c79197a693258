namespace Crible.Sandbox;

/// <summary>A symbolic link a sandboxed command wrote; its target is text, never opened.</summary>
internal sealed record SandboxLink(string Name, string Target);
