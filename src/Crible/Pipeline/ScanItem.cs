using Crible.Model;

namespace Crible.Pipeline;

/// <summary>One file as a scanner sees it.</summary>
/// <param name="Name">Its own name (the submitted name, or the member name inside its parent).</param>
/// <param name="Path">Names from the root down, joined with '/'.</param>
/// <param name="Kind">Its content-based type.</param>
/// <param name="Data">Its bytes and digests.</param>
/// <param name="Depth">0 for the submitted file.</param>
/// <param name="Relation">How it came out of its parent.</param>
public sealed record ScanItem(string Name, string Path, FileKind Kind, SampleData Data, int Depth, Relation Relation)
{
    public Hashes Hashes => Data.Hashes;

    public long Size => Data.Length;

    /// <summary>The lower-case extension of <see cref="Name"/> without its dot, empty when there is none.</summary>
    public string Extension
    {
        get
        {
            var dot = Name.LastIndexOf('.');
            return dot < 0 || dot == Name.Length - 1 || Name.IndexOf('/', dot) >= 0 ? string.Empty : Name[(dot + 1)..].ToLowerInvariant();
        }
    }
}
