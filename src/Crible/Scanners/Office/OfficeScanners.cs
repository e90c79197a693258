using Crible.Pipeline;
using Crible.Scanners.Office.Encryption;

namespace Crible.Scanners.Office;

/// <summary>The office scanners, in the order they run. Adding a scanner to this family means adding it here.</summary>
public static class OfficeScanners
{
    public static IEnumerable<IScanner> Create(ScannerSettings settings, OfficeDecryptionOptions decryption)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(decryption);
        return [new OleScanner(decryption), new PowerPointScanner(), new OutlookMessageScanner(), new RtfScanner(), new EquationEditorScanner(), new OfficeXmlScanner(), new ActiveMimeScanner(), new OneNoteScanner(), new VbaScanner(), new OoxmlLinksScanner(), new LegacyDdeScanner(), new XlmScanner(), new OoxmlXlmScanner()];
    }
}
