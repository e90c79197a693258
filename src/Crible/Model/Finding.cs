namespace Crible.Model;

/// <summary>One thing an engine observed, with the evidence a responder can check.</summary>
/// <param name="Scanner">The engine that reported it (for example <c>yara</c>).</param>
/// <param name="Id">A stable identifier within that engine (a rule name, a check name).</param>
/// <param name="Severity">How bad it is.</param>
/// <param name="Title">One line a person reads.</param>
/// <param name="Evidence">What was seen: matched strings, offsets, a line of code.</param>
/// <param name="Attack">MITRE ATT&amp;CK technique ids.</param>
/// <param name="Meta">Engine metadata (rule author, description, reference, ...).</param>
public sealed record Finding(
    string Scanner,
    string Id,
    Severity Severity,
    string Title,
    string? Evidence = null,
    IReadOnlyList<string>? Attack = null,
    IReadOnlyDictionary<string, string>? Meta = null)
{
    public IReadOnlyList<string> Attack { get; init; } = Attack ?? [];

    public IReadOnlyDictionary<string, string> Meta { get; init; } = Meta ?? new Dictionary<string, string>();
}
