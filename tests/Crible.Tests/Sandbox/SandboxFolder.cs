namespace Crible.Tests.Sandbox;

/// <summary>A temporary folder for one sandbox test, deleted at the end.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SandboxFolder : IDisposable
{
    public SandboxFolder()
    {
        var folder = Directory.CreateTempSubdirectory("crible-sandbox-test-");
        File.SetUnixFileMode(folder.FullName, (UnixFileMode)0x1FF);
        Root = folder.FullName;
        Work = Directory.CreateDirectory(Path.Combine(Root, "work")).FullName;
    }

    public string Root { get; }

    public string Work { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
