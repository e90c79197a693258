using Crible.Sandbox;

namespace Crible.Scanners.Archives;

/// <summary>
/// What 7-Zip left in its output folder, walked without following any link: regular files to emit, symbolic links
/// to report (their target is never opened), anything else (FIFOs, sockets) to skip. Bounded in depth and entries;
/// the tool has exited (its whole sandbox is gone), so nothing changes under the walk.
/// </summary>
internal sealed class SevenZipToolExtractedFiles
{
    private const int MaxDepth = 64;

    private SevenZipToolExtractedFiles(List<ExtractedFile> files, List<ExtractedLink> links, int skipped, bool truncated)
    {
        Files = files;
        Links = links;
        Skipped = skipped;
        Truncated = truncated;
    }

    /// <summary>Regular files, by their path inside the archive (ordinal order, so reports are stable).</summary>
    public IReadOnlyList<ExtractedFile> Files { get; }

    public IReadOnlyList<ExtractedLink> Links { get; }

    /// <summary>Entries that are neither files, folders nor links.</summary>
    public int Skipped { get; }

    /// <summary>True when the walk stopped at its depth or entry bound.</summary>
    public bool Truncated { get; }

    public static SevenZipToolExtractedFiles Walk(string root, int maxEntries)
    {
        var files = new List<ExtractedFile>();
        var links = new List<ExtractedLink>();
        var skipped = 0;
        var entries = 0;
        var truncated = false;
        var pending = new Stack<(string Path, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (folder, depth) = pending.Pop();
            foreach (var path in SafeEnumerate(folder))
            {
                if (++entries > maxEntries)
                {
                    truncated = true;
                    pending.Clear();
                    break;
                }

                var name = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
                switch (NativeFiles.TypeOf(path))
                {
                    case NativeFiles.FileType.Regular:
                        files.Add(new ExtractedFile(name, path));
                        break;
                    case NativeFiles.FileType.Directory when depth < MaxDepth:
                        pending.Push((path, depth + 1));
                        break;
                    case NativeFiles.FileType.Directory:
                        truncated = true;
                        break;
                    case NativeFiles.FileType.SymbolicLink:
                        links.Add(new ExtractedLink(name, new FileInfo(path).LinkTarget ?? string.Empty));
                        break;
                    default:
                        skipped++;
                        break;
                }
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        links.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new SevenZipToolExtractedFiles(files, links, skipped, truncated);
    }

    private static string[] SafeEnumerate(string folder)
    {
        try
        {
            return Directory.GetFileSystemEntries(folder);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <param name="Name">The member's path inside the archive, '/'-separated: a label, never used as a path.</param>
    /// <param name="HostPath">Where 7-Zip wrote it, under the scanner's own folder.</param>
    internal sealed record ExtractedFile(string Name, string HostPath);

    internal sealed record ExtractedLink(string Name, string Target);
}
