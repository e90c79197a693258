using Crible.Identification;
using Crible.Model;

namespace Crible.Scanners.Executables;

/// <summary>Small Windows text formats that make Windows fetch or run something when opened.</summary>
public static class CarrierKinds
{
    public static readonly FileKind InternetShortcut = new("internet-shortcut", "Internet shortcut (.url/.website)", FileKinds.TextFamily);
    public static readonly FileKind Scf = new("scf", "Windows Explorer command file (.scf)", FileKinds.TextFamily);
    public static readonly FileKind LibraryMs = new("library-ms", "Windows library description (.library-ms)", FileKinds.TextFamily);
    public static readonly FileKind SearchConnector = new("search-connector", "Windows search connector (.searchConnector-ms)", FileKinds.TextFamily);
    public static readonly FileKind Iqy = new("iqy", "Excel web query (.iqy)", FileKinds.TextFamily);
    public static readonly FileKind Slk = new("slk", "Symbolic link spreadsheet (SYLK)", FileKinds.TextFamily);
    public static readonly FileKind Jnlp = new("jnlp", "Java Web Start descriptor (.jnlp)", FileKinds.TextFamily);
    public static readonly FileKind AppRef = new("appref-ms", "ClickOnce application reference (.appref-ms)", FileKinds.TextFamily);
    public static readonly FileKind Reg = new("reg", "Windows registry script (.reg)", FileKinds.TextFamily);
}
