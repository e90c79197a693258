namespace Crible.Scanners.Office.Ole;

/// <summary>A stream (with content) or a storage (with children) waiting to be written.</summary>
internal sealed class CompoundFileBuilderNode(string name, ReadOnlyMemory<byte>? content)
{
    private readonly List<CompoundFileBuilderNode> _children = [];

    public string Name { get; } = name.Length > CompoundFileBuilder.MaxNameLength ? name[..CompoundFileBuilder.MaxNameLength] : name;

    public ReadOnlyMemory<byte> Content { get; } = content ?? ReadOnlyMemory<byte>.Empty;

    public bool IsStorage { get; } = content is null;

    public Guid Clsid { get; set; }

    public IReadOnlyList<CompoundFileBuilderNode> Children => _children;

    public CompoundFileBuilderNode? Find(string name)
    {
        var key = name.Length > CompoundFileBuilder.MaxNameLength ? name[..CompoundFileBuilder.MaxNameLength] : name;
        return _children.Find(c => string.Equals(c.Name, key, StringComparison.OrdinalIgnoreCase));
    }

    public bool TryAdd(CompoundFileBuilderNode child)
    {
        if (Find(child.Name) is not null)
        {
            return false;
        }

        _children.Add(child);
        return true;
    }

    /// <summary>The order the format keeps siblings in: shorter names first, then by upper-case characters.</summary>
    public static int Compare(CompoundFileBuilderNode left, CompoundFileBuilderNode right)
    {
        var byLength = left.Name.Length.CompareTo(right.Name.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(left.Name.ToUpperInvariant(), right.Name.ToUpperInvariant());
    }
}
