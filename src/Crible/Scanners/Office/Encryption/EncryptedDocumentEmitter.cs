using System.Globalization;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office.Encryption;

/// <summary>
/// Opens an encrypted Office document with <c>VelvetSweatshop</c> (the password Excel uses when the author gave
/// none) and then the analysis' passwords, each checked against the document's verifier before anything is
/// decrypted. The decrypted document is emitted as "<c>name (decrypted)</c>" and analysed like any other; when no
/// password opens it the file is incomplete with the reason <c>encrypted</c> and the passwords tried. Tries are
/// bounded by count and by the hashes their key derivations cost together.
/// </summary>
internal sealed class EncryptedDocumentEmitter(OfficeDecryptionOptions options)
{
    /// <summary>Excel's built-in password for workbooks "encrypted" without one: they open without asking.</summary>
    public const string DefaultPassword = "VelvetSweatshop";

    public async ValueTask EmitAsync(CompoundFile file, ScanItem item, string encryption, ScanContext context, CancellationToken cancellation)
    {
        var maxBytes = (int)Math.Min(context.Limits.MaxInMemoryBytes, Array.MaxLength);
        IEncryptedDocument document;
        try
        {
            document = EncryptedDocumentReader.Open(file, maxBytes);
        }
        catch (FormatException exception)
        {
            context.Incomplete($"encrypted: {encryption}; {exception.Message}");
            return;
        }

        if (document.HashesPerPassword > options.MaxSpinCount)
        {
            context.Incomplete(string.Create(CultureInfo.InvariantCulture, $"encrypted: {encryption} ({document.Scheme}); a spin count above {options.MaxSpinCount} is refused, no password was tried"));
            return;
        }

        var candidates = new[] { DefaultPassword }.Concat(context.Passwords).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var allowed = (int)Math.Clamp(options.MaxHashesPerDocument / document.HashesPerPassword, 1, Math.Max(1, options.MaxPasswordTries));
        var tried = candidates.Take(allowed).ToList();
        var password = tried.FirstOrDefault(p => document.TryPassword(p, cancellation));
        if (password is null)
        {
            var untried = candidates.Count - tried.Count;
            context.Incomplete($"encrypted: {encryption} ({document.Scheme}); no known password opens it ({Tried(tried)}"
                + (untried > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {untried} more not tried, the limit for this document") : string.Empty) + ")");
            return;
        }

        ReportPassword(password, document.Scheme, context);
        var decrypted = document.Decrypt(maxBytes, cancellation);
        foreach (var problem in decrypted.Problems)
        {
            context.Incomplete($"{context.ScannerName}: decrypted document: {problem}");
        }

        if (decrypted.Content.Length > 0)
        {
            await context.EmitAsync(decrypted.Content, $"{item.Name} (decrypted)", Relation.Decoded, cancellation).ConfigureAwait(false);
        }
    }

    private static string Tried(List<string> tried) =>
        string.Create(CultureInfo.InvariantCulture, $"{tried.Count} tried: ") + string.Join(", ", tried.Select(p => $"'{p}'"));

    private static void ReportPassword(string password, string scheme, ScanContext context)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal) { ["password"] = password, ["scheme"] = scheme };
        if (password == DefaultPassword)
        {
            context.Report(
                "password",
                Severity.Info,
                "Encrypted document opened with Excel's default password",
                $"'{DefaultPassword}', {scheme}: the document opens without asking anyone for a password, while its content stays hidden from tools that do not decrypt it (a known way to carry macros past scanners)",
                ["T1027"],
                meta);
            return;
        }

        context.Report("password", Severity.Info, "Encrypted document opened with a known password", $"'{password}', {scheme}", meta: meta);
    }
}
