namespace Crible.Model;

/// <summary>
/// A content-based file type. Kept as an open set of names (not an enum) so a format folder can add its own kind
/// without touching the core.
/// </summary>
/// <param name="Name">Short stable name used in reports and rule externals (for example <c>pe</c>, <c>zip</c>, <c>docx</c>).</param>
/// <param name="Description">What a person reads.</param>
/// <param name="Family">A coarse group scanners can accept at once (for example <c>archive</c>, <c>executable</c>, <c>office</c>).</param>
public sealed record FileKind(string Name, string Description, string Family)
{
    public override string ToString() => Name;
}
