namespace Crible.Scanners.Signatures.Yara;

/// <summary>One compiled rule as its author wrote it.</summary>
/// <param name="Identifier">The rule's name.</param>
/// <param name="Namespace">The source it came from (see <see cref="YaraSource.Name"/>).</param>
/// <param name="Tags">Its tags, in order.</param>
/// <param name="Metas">Its meta fields in order, values as text (integers in decimal, booleans as
/// <c>true</c>/<c>false</c>); a name may repeat (signature-base lists several <c>hash</c>es).</param>
public sealed record YaraRule(
    string Identifier,
    string Namespace,
    IReadOnlyList<string> Tags,
    IReadOnlyList<KeyValuePair<string, string>> Metas)
{
    /// <summary>The first value of a meta field, or null.</summary>
    public string? Meta(string name)
    {
        foreach (var (key, value) in Metas)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
