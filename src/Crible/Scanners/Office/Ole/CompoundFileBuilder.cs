namespace Crible.Scanners.Office.Ole;

/// <summary>
/// Builds a compound file (version 3, 512-byte sectors, small streams in the mini stream, a balanced red-black
/// directory): how a storage nested in another file (an e-mail attached to an Outlook message, an OLE object)
/// becomes a file of its own, and how tests build the files they need.
/// </summary>
public sealed class CompoundFileBuilder
{
    /// <summary>Directory entry names hold at most 31 UTF-16 characters.</summary>
    public const int MaxNameLength = 31;

    internal CompoundFileBuilderNode Root { get; } = new("Root Entry", null);

    /// <summary>The root storage's class (for example Word's or Outlook's).</summary>
    public Guid RootClsid
    {
        get => Root.Clsid;
        set => Root.Clsid = value;
    }

    /// <summary>Total bytes of the streams added so far.</summary>
    public long ContentLength { get; private set; }

    /// <summary>Adds a stream, creating the storages on its path; a name already used in its storage is kept
    /// as it was (returns false).</summary>
    public bool AddStream(IReadOnlyList<string> path, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count == 0)
        {
            throw new ArgumentException("A stream needs a name.", nameof(path));
        }

        var storage = StorageAt(path.Take(path.Count - 1));
        if (storage is null || !storage.TryAdd(new CompoundFileBuilderNode(path[^1], content)))
        {
            return false;
        }

        ContentLength += content.Length;
        return true;
    }

    /// <summary>Adds a stream at a '/'-separated path.</summary>
    public bool AddStream(string path, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        return AddStream(path.Split('/'), content);
    }

    /// <summary>Adds a storage (and the storages above it); its class is set when given.</summary>
    public void AddStorage(IReadOnlyList<string> path, Guid clsid = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var storage = StorageAt(path);
        if (storage is not null && clsid != Guid.Empty)
        {
            storage.Clsid = clsid;
        }
    }

    public byte[] ToArray() => CompoundFileWriter.Write(this);

    private CompoundFileBuilderNode? StorageAt(IEnumerable<string> path)
    {
        var storage = Root;
        foreach (var name in path)
        {
            var existing = storage.Find(name);
            if (existing is null)
            {
                existing = new CompoundFileBuilderNode(name, null);
                storage.TryAdd(existing);
            }
            else if (!existing.IsStorage)
            {
                return null;
            }

            storage = existing;
        }

        return storage;
    }
}
