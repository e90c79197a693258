using Crible.Pipeline;

namespace Crible.Scanners.Mail;

/// <summary>The mail scanners, in the order they run. Adding a scanner to this family means adding it here.</summary>
public static class MailScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [];
    }
}
