namespace Crible.Sandbox;

/// <summary>A regular file a sandboxed command wrote.</summary>
/// <param name="Name">Its path under the walked folder, '/'-separated, decoded from its bytes: a label only.</param>
/// <param name="HostPath">Its byte-exact path, NUL-terminated.</param>
internal sealed record SandboxFile(string Name, byte[] HostPath, long Size)
{
    /// <summary>Opens it for reading (never following a link, never blocking); null when it is no longer a regular file.</summary>
    public FileStream? OpenRead() => NativeFiles.OpenRegularFile(HostPath);
}
