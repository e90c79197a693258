using Crible.Pipeline;

namespace Crible.Scanners.Web;

/// <summary>A scanner that reads a page's text and looks at it with patterns: the text is read once, bounded, and a
/// pattern that runs past its timeout makes the node incomplete instead of stalling the worker.</summary>
public abstract class HtmlTextScanner : IScanner
{
    public abstract string Name { get; }

    public abstract bool Accepts(ScanItem item);

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (WebText.Read(item, context) is not { } text)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            Inspect(text, context, cancellation);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            context.Incomplete($"{Name}: pattern matching took longer than {TextPatterns.Timeout.TotalSeconds} s on this page");
        }

        return ValueTask.CompletedTask;
    }

    protected abstract void Inspect(string text, ScanContext context, CancellationToken cancellation);
}
