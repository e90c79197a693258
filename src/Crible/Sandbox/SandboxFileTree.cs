using System.Text;

namespace Crible.Sandbox;

/// <summary>
/// What a sandboxed command left in a folder, walked with byte-exact names and without following any link: regular
/// files (with a label decoded from their name, and a way to open them that neither follows a link nor blocks),
/// symbolic links (their target as text, never opened), and a count of anything else (FIFOs, sockets). Bounded in
/// depth and entries. Meant for after the command ended, when nothing changes under the walk; also used while it
/// runs to measure its work folder.
/// </summary>
internal sealed class SandboxFileTree
{
    public const int MaxDepth = 64;

    private readonly List<SandboxFile> _files = [];
    private readonly List<SandboxLink> _links = [];

    private SandboxFileTree()
    {
    }

    /// <summary>Regular files in ordinal order of their labels, so reports are stable.</summary>
    public IReadOnlyList<SandboxFile> Files => _files;

    public IReadOnlyList<SandboxLink> Links => _links;

    /// <summary>Entries that are neither files, folders nor links.</summary>
    public int Others { get; private set; }

    public int Entries { get; private set; }

    public long TotalBytes { get; private set; }

    /// <summary>True when the walk stopped at its depth or entry bound.</summary>
    public bool Truncated { get; private set; }

    public static SandboxFileTree Walk(string root, int maxEntries)
    {
        var tree = new SandboxFileTree();
        var pending = new Stack<(byte[] Path, string Label, int Depth)>();
        pending.Push((Encoding.UTF8.GetBytes(root), string.Empty, 0));
        while (pending.Count > 0)
        {
            var (folder, label, depth) = pending.Pop();
            foreach (var name in NativeFiles.ListDirectory([.. folder, 0], maxEntries + 1))
            {
                if (++tree.Entries > maxEntries)
                {
                    tree.Truncated = true;
                    return tree.Sorted();
                }

                byte[] path = [.. folder, (byte)'/', .. name];
                var childLabel = label.Length == 0 ? Encoding.UTF8.GetString(name) : label + "/" + Encoding.UTF8.GetString(name);
                tree.Add(path, childLabel, depth, pending);
            }
        }

        return tree.Sorted();
    }

    private void Add(byte[] path, string label, int depth, Stack<(byte[] Path, string Label, int Depth)> pending)
    {
        byte[] terminated = [.. path, 0];
        var (type, size) = NativeFiles.Stat(terminated);
        switch (type)
        {
            case NativeFiles.FileType.Regular:
                _files.Add(new SandboxFile(label, terminated, size));
                TotalBytes += size;
                break;
            case NativeFiles.FileType.Directory when depth < MaxDepth:
                pending.Push((path, label, depth + 1));
                break;
            case NativeFiles.FileType.Directory:
                Truncated = true;
                break;
            case NativeFiles.FileType.SymbolicLink:
                _links.Add(new SandboxLink(label, NativeFiles.ReadLink(terminated)));
                break;
            case NativeFiles.FileType.Other:
                Others++;
                break;
        }
    }

    private SandboxFileTree Sorted()
    {
        _files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        _links.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return this;
    }
}
