using System.Security.Cryptography;
using System.Text;
using Crible.Pipeline;
using Crible.Sandbox;

namespace Crible.Scanners.Dynamic;

/// <summary>
/// The host side of one run, inside the analysis' private folder: <c>work</c> (the sample, the current folder),
/// <c>tmp</c> and <c>home</c> (with decoy documents a ransomware would go for), all bound read-write and collected
/// once the sandbox is gone. Deleted when disposed.
/// </summary>
internal sealed class DynamicRunFolder : IDisposable
{
    private const uint SandboxUser = 65534;
    private static readonly string[] DecoyNames =
    [
        "Documents/budget-2026.xlsx", "Documents/contract.docx", "Documents/invoice-0042.pdf", "Documents/notes.txt",
        "Documents/passwords.txt", "Documents/report-q3.docx", "Pictures/holiday-01.jpg", "Pictures/holiday-02.jpg",
        "Pictures/family.png", "Desktop/todo.txt", "Desktop/presentation.pptx", "Documents/archive.zip",
    ];

    private readonly Dictionary<string, string> _decoyHashes = new(StringComparer.Ordinal);

    private DynamicRunFolder(string root, string sampleName)
    {
        Root = root;
        Work = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
        Tmp = Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName;
        Home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        SamplePath = SandboxPaths.Work + "/" + sampleName;
    }

    public string Root { get; }

    public string Work { get; }

    public string Tmp { get; }

    public string Home { get; }

    /// <summary>The sample as the sandbox sees it.</summary>
    public string SamplePath { get; }

    public IReadOnlySet<string> DecoyPaths => _decoyHashes.Keys.Select(k => SandboxPaths.Home + "/" + k).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<SandboxMount> WritableMounts => [new SandboxMount(Tmp, SandboxPaths.Tmp), new SandboxMount(Home, SandboxPaths.Home)];

    public static async Task<DynamicRunFolder> CreateAsync(ScanItem item, string analysisFolder, CancellationToken cancellation)
    {
        var folder = new DynamicRunFolder(Path.Combine(analysisFolder, "dynamic-" + Guid.NewGuid().ToString("N")), SampleName(item));
        try
        {
            var sample = Path.Combine(folder.Work, SandboxPaths.FileName(folder.SamplePath));
            await using (var source = item.Data.OpenRead())
            await using (var target = new FileStream(sample, FileMode.CreateNew, FileAccess.Write))
            {
                await source.CopyToAsync(target, cancellation).ConfigureAwait(false);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(sample, (UnixFileMode)0x1ED);
            }

            await folder.WriteDecoysAsync(cancellation).ConfigureAwait(false);
            return folder;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>What the sample left: every regular file in its three folders, except the sample and the decoys when
    /// they are unchanged. Labels are sandbox paths without the leading slash (<c>tmp/stage2</c>).</summary>
    public List<(string Label, SandboxFile File, string Sha256)> WrittenFiles(string sampleSha256, int maxEntries)
    {
        var written = new List<(string, SandboxFile, string)>();
        foreach (var (host, inside) in new[] { (Work, SandboxPaths.Work), (Tmp, SandboxPaths.Tmp), (Home, SandboxPaths.Home) })
        {
            foreach (var file in SandboxFileTree.Walk(host, maxEntries).Files)
            {
                var sandboxPath = inside + "/" + file.Name;
                var sha256 = Sha256Of(file);
                if (sha256 is null || sandboxPath == SamplePath && sha256 == sampleSha256 ||
                    _decoyHashes.TryGetValue(file.Name, out var decoy) && inside == SandboxPaths.Home && decoy == sha256)
                {
                    continue;
                }

                written.Add((sandboxPath.TrimStart('/'), file, sha256));
            }
        }

        return written;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            System.Diagnostics.Trace.TraceWarning($"Could not delete the run folder {Root}: {exception.Message}");
        }
    }

    private static string? Sha256Of(SandboxFile file)
    {
        using var stream = file.OpenRead();
        return stream is null ? null : Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The sample keeps its extension (some scripts look at their own name); the rest is fixed.</summary>
    private static string SampleName(ScanItem item)
    {
        var extension = item.Extension;
        return extension.Length is > 0 and <= 8 && extension.All(char.IsAsciiLetterOrDigit) ? "sample." + extension : "sample";
    }

    private async Task WriteDecoysAsync(CancellationToken cancellation)
    {
        var owned = Environment.IsPrivilegedProcess;
        foreach (var name in DecoyNames)
        {
            var path = Path.Combine(Home, name);
            var parent = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(parent))
            {
                Directory.CreateDirectory(parent);
                GiveToSandbox(parent, owned);
            }

            var content = Encoding.UTF8.GetBytes($"{name}\nDecoy document written by Crible's sandbox so that file-encrypting programs show themselves.\n");
            await File.WriteAllBytesAsync(path, content, cancellation).ConfigureAwait(false);
            GiveToSandbox(path, owned);
            _decoyHashes[name] = Convert.ToHexStringLower(SHA256.HashData(content));
        }
    }

    private static void GiveToSandbox(string path, bool owned)
    {
        if (owned)
        {
            NativeFiles.TryChangeOwner(path, SandboxUser, SandboxUser);
        }
    }
}
