namespace Crible.Server.Clamd;

/// <summary>Which server files SCAN may read: only regular files under an allow-listed folder, links not followed,
/// at most <see cref="MaxFiles"/> per command.</summary>
internal sealed class ServerPathLister(IReadOnlyList<string> allowedFolders)
{
    public const int MaxFiles = 10_000;

    /// <summary>Why this path may not be scanned, or null when it may.</summary>
    public string? Refusal(string path)
    {
        if (allowedFolders.Count == 0)
        {
            return "Scanning server paths is disabled (Server:Clamd:ScanFolders is empty); use INSTREAM";
        }

        if (path.Length == 0 || !Path.IsPathFullyQualified(path))
        {
            return "An absolute path is required";
        }

        var full = Path.GetFullPath(path);
        if (!allowedFolders.Any(folder => IsUnder(full, folder)))
        {
            return "Access denied: the path is outside Server:Clamd:ScanFolders";
        }

        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return "No such file or directory";
        }

        for (var part = full; part is not null && part.Length > 1; part = Path.GetDirectoryName(part))
        {
            if (new FileInfo(part).LinkTarget is not null)
            {
                return "Symbolic links are not followed";
            }
        }

        return null;
    }

    public static IEnumerable<string> List(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return [full];
        }

        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(full, "*", enumeration).Take(MaxFiles);
    }

    private static bool IsUnder(string full, string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return string.Equals(full, root, StringComparison.Ordinal) || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
