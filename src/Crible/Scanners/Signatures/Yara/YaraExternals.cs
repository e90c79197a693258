using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Signatures.Yara;

/// <summary>
/// The external variables rules may read, with the meaning LOKI and THOR give them, since signature-base's rules are
/// written for those scanners.
/// </summary>
/// <param name="FileName">The file's own name (<c>invoice.docm</c>).</param>
/// <param name="FilePath">Its path in the analysis (<c>mail.eml/invoice.zip/invoice.docm</c>).</param>
/// <param name="Extension">Lower-case with its dot (<c>.docm</c>), empty when there is none: rules test
/// <c>extension == ".exe"</c>.</param>
/// <param name="FileType">A THOR-style type name (<c>EXE</c>, <c>ELF</c>, ...); see <see cref="FileTypeOf"/>.</param>
/// <param name="Owner">The file's owner; always empty, a submitted file has none.</param>
public sealed record YaraExternals(string FileName, string FilePath, string Extension, string FileType, string Owner)
{
    /// <summary>The identifiers defined for every rule set, with empty defaults at compile time.</summary>
    public static readonly IReadOnlyList<string> Names = ["filename", "filepath", "extension", "filetype", "owner"];

    public static YaraExternals Empty { get; } = new(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);

    public static YaraExternals For(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var extension = item.Extension;
        return new YaraExternals(item.Name, item.Path, extension.Length > 0 ? "." + extension : string.Empty, FileTypeOf(item.Kind), string.Empty);
    }

    /// <summary>
    /// Maps a Crible kind to the type names signature-base compares <c>filetype</c> with (LOKI's magic-based
    /// names): MZ executables are <c>EXE</c>; ELF, Mach-O, RTF, VBS, BATCH keep THOR's spelling; PowerShell and
    /// Python THOR's mixed case; anything PK-zipped (OOXML, JAR, APK, ODF) is <c>ZIP</c> and every OLE2 kind (doc,
    /// xls, ppt, msi, msg) <c>OLE</c>, as LOKI's magic sees them; every other kind is its Crible name upper-cased
    /// (<c>PDF</c>, <c>LNK</c>, <c>GZIP</c>).
    /// </summary>
    public static string FileTypeOf(FileKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.Name switch
        {
            "pe" or "dos" => "EXE",
            "macho" => "MACH-O",
            "vbscript" => "VBS",
            "powershell" => "PowerShell",
            "python" => "Python",
            "java-class" => "JAVA",
            "zip" or "jar" or "apk" or "docx" or "xlsx" or "pptx" or "ooxml" or "odf" => "ZIP",
            "7z" => "7ZIP",
            "ole2" or "doc" or "xls" or "ppt" or "msi" or "msg" => "OLE",
            _ => kind.Name.ToUpperInvariant(),
        };
    }

    internal IEnumerable<(string Name, string Value)> Values()
    {
        yield return ("filename", FileName);
        yield return ("filepath", FilePath);
        yield return ("extension", Extension);
        yield return ("filetype", FileType);
        yield return ("owner", Owner);
    }
}
