namespace Crible.Scanners.Office.Ole;

/// <summary>
/// Copies one storage of a compound file, with everything under it, into a compound file of its own: an OLE object
/// embedded in a document, or an e-mail attached to an Outlook message, becomes a file the analyser can open. The
/// copy is bounded: a hostile file whose streams share sectors cannot make it larger than <c>maxBytes</c>.
/// </summary>
public static class StorageCopier
{
    private const string Properties = "__properties_version1.0";

    /// <summary>The storage as a compound file, or null when its streams add up to more than
    /// <paramref name="maxBytes"/>.</summary>
    /// <param name="asMessage">True when the storage is an embedded message: its property stream gets the longer
    /// header of a top-level message so the copy is a .msg like any other.</param>
    /// <param name="transform">Rewrites a stream's content on its way (a decrypted document), given its path; null
    /// leaves the stream out.</param>
    public static byte[]? Copy(CompoundFile file, CompoundFileDirectoryEntry storage, long maxBytes, bool asMessage, out bool complete, Func<string[], byte[], byte[]?>? transform = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(storage);
        complete = true;
        var builder = new CompoundFileBuilder { RootClsid = storage.Clsid };
        var pending = new Stack<(CompoundFileDirectoryEntry Entry, string[] Path)>();
        foreach (var child in file.ChildrenOf(storage))
        {
            pending.Push((child, [child.Name]));
        }

        while (pending.Count > 0)
        {
            var (entry, path) = pending.Pop();
            if (entry.IsStorage)
            {
                builder.AddStorage(path, entry.Clsid);
                foreach (var child in file.ChildrenOf(entry))
                {
                    pending.Push((child, [.. path, child.Name]));
                }

                continue;
            }

            if (!entry.IsStream || builder.ContentLength + entry.Size > maxBytes)
            {
                if (entry.IsStream)
                {
                    return null;
                }

                continue;
            }

            var content = file.ReadStream(entry, (int)Math.Min(entry.Size, Array.MaxLength), out var whole);
            complete &= whole;
            if (asMessage && path.Length == 1 && entry.Name == Properties)
            {
                content = TopLevelProperties(content);
            }

            if ((transform is null ? content : transform(path, content)) is { } kept)
            {
                builder.AddStream(path, kept);
            }
        }

        return builder.ToArray();
    }

    /// <summary>An embedded message's property stream has a 24-byte header, a top-level one 32 bytes (8 more
    /// reserved): insert them.</summary>
    private static byte[] TopLevelProperties(byte[] embedded)
    {
        if (embedded.Length < 24)
        {
            return embedded;
        }

        var topLevel = new byte[embedded.Length + 8];
        embedded.AsSpan(0, 24).CopyTo(topLevel);
        embedded.AsSpan(24).CopyTo(topLevel.AsSpan(32));
        return topLevel;
    }
}
