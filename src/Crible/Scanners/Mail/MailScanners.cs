using System.Text;
using Crible.Pipeline;

namespace Crible.Scanners.Mail;

/// <summary>The mail scanners, in the order they run. Adding a scanner to this family means adding it here.</summary>
public static class MailScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Messages and TNEF streams name Windows code pages (1252, 1250...) that .NET only knows through this provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return [new EmailScanner(), new TnefScanner(), new UuencodedScanner(), new YEncScanner(), new BinHexScanner(), new Base64TextScanner()];
    }
}
