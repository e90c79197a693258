using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Executables.Elf;

/// <summary>ELF programs and libraries: headers, sections, needed libraries and imported functions, stripped or
/// static linking, UPX packing, and strings and imports of malware behaviour.</summary>
public sealed class ElfScanner : IScanner
{
    public string Name => "elf";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Elf;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var bytes = await item.Data.ReadPrefixAsync(context.Limits.MaxInMemoryBytes, cancellation).ConfigureAwait(false);
        if (ElfFile.Parse(bytes) is not { } elf)
        {
            context.Incomplete("elf: the ELF header could not be read");
            return;
        }

        var libraries = elf.NeededLibraries();
        var imports = elf.ImportedSymbols();
        var linking = elf.IsDynamic ? "dynamically linked" : "statically linked";
        var stripped = elf.IsStripped ? ", stripped" : string.Empty;
        context.Report("elf-header", Severity.Info, "ELF program", $"{(elf.Is64 ? 64 : 32)}-bit {(elf.BigEndian ? "big" : "little")}-endian {elf.MachineName} {elf.TypeName}, {linking}{stripped}, entry point 0x{elf.Entry:x}, {elf.Sections.Count} sections");
        if (elf.Sections.Count > 0)
        {
            context.Report("sections", Severity.Info, $"{elf.Sections.Count} sections", string.Join(", ", elf.Sections.Select(s => s.Name).Where(n => n.Length > 0).Take(60)));
        }
        else if (elf.Type is 2 or 3)
        {
            context.Report("no-sections", Severity.Suspicious, "A program with no section table (packed or crafted to defeat analysis)", "section header table absent or out of the file", ["T1027.002"]);
        }

        if (libraries.Count > 0)
        {
            context.Report("libraries", Severity.Info, $"{libraries.Count} needed libraries", string.Join(", ", libraries));
        }

        if (imports.Count > 0)
        {
            context.Report("imports", Severity.Info, $"{imports.Count} imported symbols", string.Join(", ", imports.Take(80)));
        }

        if (!elf.IsDynamic && elf.IsStripped && elf.Type == 2)
        {
            context.Report("static-stripped", Severity.Info, "Statically linked and stripped (common for IoT malware and for packed programs)", elf.MachineName);
        }

        UnixTraits.ReportImports(context, imports);
        UnixTraits.ReportStrings(context, bytes);
        UnixTraits.ReportUpx(context, bytes);
    }
}
