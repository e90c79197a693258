namespace Crible.Sandbox;

/// <summary>What a sandboxed command left in its work folder, measured without following any link and without
/// walking more than a bounded number of entries.</summary>
internal readonly record struct WorkDirectoryUsage(long Bytes, int Entries)
{
    public bool Exceeds(SandboxLimits limits) => Bytes > limits.WorkDirectoryBytes || Entries > limits.WorkDirectoryEntries;

    public static WorkDirectoryUsage Measure(string root, int maxEntries)
    {
        long bytes = 0;
        var entries = 0;
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.Count > 0 && entries <= maxEntries)
        {
            var folder = pending.Pop();
            try
            {
                foreach (var entry in folder.EnumerateFileSystemInfos())
                {
                    if (++entries > maxEntries)
                    {
                        break;
                    }

                    if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
                    {
                        continue;
                    }

                    if (entry is DirectoryInfo directory)
                    {
                        pending.Push(directory);
                    }
                    else if (entry is FileInfo file)
                    {
                        bytes += file.Length;
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The command is still writing: an entry that vanished is counted at the next look.
            }
        }

        return new WorkDirectoryUsage(bytes, entries);
    }
}
