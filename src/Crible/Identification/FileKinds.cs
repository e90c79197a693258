using Crible.Model;

namespace Crible.Identification;

/// <summary>The kinds Crible knows by name. A format folder may define more; this is a catalogue, not a switch.</summary>
public static class FileKinds
{
    public const string ArchiveFamily = "archive";
    public const string ExecutableFamily = "executable";
    public const string DocumentFamily = "document";
    public const string ScriptFamily = "script";
    public const string TextFamily = "text";
    public const string MediaFamily = "media";
    public const string MailFamily = "mail";
    public const string OtherFamily = "other";

    public static readonly FileKind Unknown = new("binary", "Unidentified binary data", OtherFamily);
    public static readonly FileKind Empty = new("empty", "Empty file", OtherFamily);
    public static readonly FileKind Text = new("text", "Plain text", TextFamily);

    // Executables
    public static readonly FileKind Pe = new("pe", "Windows PE executable", ExecutableFamily);
    public static readonly FileKind Elf = new("elf", "ELF executable", ExecutableFamily);
    public static readonly FileKind MachO = new("macho", "Mach-O executable", ExecutableFamily);
    public static readonly FileKind Dos = new("dos", "MS-DOS executable", ExecutableFamily);
    public static readonly FileKind JavaClass = new("java-class", "Java class file", ExecutableFamily);

    // Archives and compressed data
    public static readonly FileKind Zip = new("zip", "ZIP archive", ArchiveFamily);
    public static readonly FileKind Jar = new("jar", "Java archive", ArchiveFamily);
    public static readonly FileKind Apk = new("apk", "Android package", ArchiveFamily);
    public static readonly FileKind SevenZip = new("7z", "7-Zip archive", ArchiveFamily);
    public static readonly FileKind Rar = new("rar", "RAR archive", ArchiveFamily);
    public static readonly FileKind Gzip = new("gzip", "gzip compressed data", ArchiveFamily);
    public static readonly FileKind Bzip2 = new("bzip2", "bzip2 compressed data", ArchiveFamily);
    public static readonly FileKind Xz = new("xz", "xz compressed data", ArchiveFamily);
    public static readonly FileKind Lzma = new("lzma", "LZMA compressed data", ArchiveFamily);
    public static readonly FileKind Zstd = new("zstd", "Zstandard compressed data", ArchiveFamily);
    public static readonly FileKind Lz4 = new("lz4", "LZ4 compressed data", ArchiveFamily);
    public static readonly FileKind Lzip = new("lzip", "lzip compressed data", ArchiveFamily);
    public static readonly FileKind Compress = new("compress", "Unix compress (.Z) data", ArchiveFamily);
    public static readonly FileKind Szdd = new("szdd", "MS-DOS COMPRESS.EXE (SZDD) data", ArchiveFamily);
    public static readonly FileKind Tar = new("tar", "tar archive", ArchiveFamily);
    public static readonly FileKind Cpio = new("cpio", "cpio archive", ArchiveFamily);
    public static readonly FileKind Ar = new("ar", "ar archive (Debian package, static library)", ArchiveFamily);
    public static readonly FileKind Cab = new("cab", "Microsoft Cabinet archive", ArchiveFamily);
    public static readonly FileKind Iso = new("iso", "ISO 9660 / UDF disc image", ArchiveFamily);
    public static readonly FileKind Arj = new("arj", "ARJ archive", ArchiveFamily);
    public static readonly FileKind Lha = new("lha", "LHA/LZH archive", ArchiveFamily);
    public static readonly FileKind Rpm = new("rpm", "RPM package", ArchiveFamily);
    public static readonly FileKind Xar = new("xar", "XAR archive", ArchiveFamily);
    public static readonly FileKind Dmg = new("dmg", "Apple disk image", ArchiveFamily);
    public static readonly FileKind Chm = new("chm", "Compiled HTML help", ArchiveFamily);
    public static readonly FileKind Sis = new("sis", "Symbian installation file", ArchiveFamily);

    // Documents
    public static readonly FileKind Ole2 = new("ole2", "OLE2 compound file (legacy Office, MSI, MSG)", DocumentFamily);
    public static readonly FileKind Doc = new("doc", "Word document (OLE2)", DocumentFamily);
    public static readonly FileKind Xls = new("xls", "Excel workbook (OLE2)", DocumentFamily);
    public static readonly FileKind Ppt = new("ppt", "PowerPoint presentation (OLE2)", DocumentFamily);
    public static readonly FileKind Msi = new("msi", "Windows Installer package (OLE2)", DocumentFamily);
    public static readonly FileKind Msg = new("msg", "Outlook message (OLE2)", DocumentFamily);
    public static readonly FileKind Docx = new("docx", "Word document (OOXML)", DocumentFamily);
    public static readonly FileKind Xlsx = new("xlsx", "Excel workbook (OOXML)", DocumentFamily);
    public static readonly FileKind Pptx = new("pptx", "PowerPoint presentation (OOXML)", DocumentFamily);
    public static readonly FileKind Ooxml = new("ooxml", "Office Open XML package", DocumentFamily);
    public static readonly FileKind Odf = new("odf", "OpenDocument file", DocumentFamily);
    public static readonly FileKind Rtf = new("rtf", "Rich Text Format document", DocumentFamily);
    public static readonly FileKind Pdf = new("pdf", "PDF document", DocumentFamily);
    public static readonly FileKind OneNote = new("onenote", "OneNote section", DocumentFamily);

    // Shortcuts, mail, web, scripts
    public static readonly FileKind Lnk = new("lnk", "Windows shortcut", ExecutableFamily);
    public static readonly FileKind Email = new("email", "E-mail message (RFC 822/MIME)", MailFamily);
    public static readonly FileKind Tnef = new("tnef", "TNEF attachment container (winmail.dat)", MailFamily);
    public static readonly FileKind Html = new("html", "HTML document", ScriptFamily);
    public static readonly FileKind Xml = new("xml", "XML document", TextFamily);
    public static readonly FileKind JavaScript = new("javascript", "JavaScript/JScript", ScriptFamily);
    public static readonly FileKind VbScript = new("vbscript", "VBScript/VBA source", ScriptFamily);
    public static readonly FileKind PowerShell = new("powershell", "PowerShell script", ScriptFamily);
    public static readonly FileKind Batch = new("batch", "Windows batch script", ScriptFamily);
    public static readonly FileKind Shell = new("shell", "Unix shell script", ScriptFamily);
    public static readonly FileKind Python = new("python", "Python script", ScriptFamily);
    public static readonly FileKind Perl = new("perl", "Perl script", ScriptFamily);

    // Binary data carried as text (mail and news encodings)
    public static readonly FileKind Uuencoded = new("uuencoded", "uuencoded data", TextFamily);
    public static readonly FileKind YEnc = new("yenc", "yEnc-encoded data", TextFamily);
    public static readonly FileKind BinHex = new("binhex", "BinHex 4.0 encoded file", TextFamily);
    public static readonly FileKind Base64 = new("base64", "Base64-encoded data", TextFamily);

    // Media
    public static readonly FileKind Png = new("png", "PNG image", MediaFamily);
    public static readonly FileKind Jpeg = new("jpeg", "JPEG image", MediaFamily);
    public static readonly FileKind Gif = new("gif", "GIF image", MediaFamily);
    public static readonly FileKind Bmp = new("bmp", "BMP image", MediaFamily);
    public static readonly FileKind Tiff = new("tiff", "TIFF image", MediaFamily);
    public static readonly FileKind Webp = new("webp", "WebP image", MediaFamily);
    public static readonly FileKind Ico = new("ico", "Windows icon", MediaFamily);
}
