namespace Crible.Pipeline;

/// <summary>
/// One engine. A scanner looks at one file, speaks only through the context (findings, sub-files, what it could not
/// see) and never recurses itself: the analyser decides whether and how far to go.
/// </summary>
public interface IScanner
{
    /// <summary>Short stable name shown in reports (for example <c>yara</c>, <c>zip</c>).</summary>
    string Name { get; }

    /// <summary>True when this scanner has something to say about the item (usually by its identified kind).</summary>
    bool Accepts(ScanItem item);

    ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation);
}
