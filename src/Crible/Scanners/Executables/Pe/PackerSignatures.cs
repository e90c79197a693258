namespace Crible.Scanners.Executables.Pe;

/// <summary>A packer, protector or installer recognised in a PE, with what gave it away.</summary>
/// <param name="Name">The tool.</param>
/// <param name="Evidence">The section name, entry-point bytes or structure seen.</param>
/// <param name="IsInstaller">Installers (NSIS, Inno) are ordinary software distribution, not obfuscation.</param>
public sealed record PackerMatch(string Name, string Evidence, bool IsInstaller = false);

/// <summary>
/// Known packers from their section names, the first bytes of their entry-point stubs and their header tricks.
/// Patterns are the stubs' fixed bytes (null for the bytes that vary: addresses, sizes); a match is a strong hint,
/// never proof, so it is reported as suspicious, not malicious.
/// </summary>
public static class PackerSignatures
{
    private static readonly (string Packer, string Section)[] SectionNames =
    [
        ("UPX", "UPX0"), ("UPX", "UPX1"), ("UPX", "UPX2"), ("ASPack", ".aspack"), ("ASPack", ".adata"), ("MEW", "MEW"),
        ("Petite", ".petite"), ("WWPack32", ".WWP32"), ("yoda's Crypter (yC)", "yC"), ("PESpin", ".taz"),
        ("Themida/WinLicense", ".themida"), ("Themida/WinLicense", ".winlice"), ("MPRESS", ".MPRESS1"),
        ("MPRESS", ".MPRESS2"), ("VMProtect", ".vmp0"), ("VMProtect", ".vmp1"), ("Enigma Protector", ".enigma1"),
        ("PECompact", "PEC2"), ("PECompact", "PEC2TO"), ("PECompact", "pec1"), ("nPack", ".nsp0"), ("nPack", ".nsp1"),
        ("ASProtect", ".aspr"), ("Upack", ".Upack"), ("FSG", "FSG!"), ("kkrunchy", "kkrunchy"), ("NsPack", ".nsp2"),
        ("PELock", "PELOCKnt"), ("RLPack", ".RLPack"), ("Obsidium", ".obsidium"), ("tElock", ".tElock"),
    ];

    private static readonly (string Packer, byte?[] Stub)[] EntryStubs =
    [
        ("UPX", [0x60, 0xBE, null, null, null, null, 0x8D, 0xBE]),
        ("ASPack", [0x60, 0xE8, 0x03, 0x00, 0x00, 0x00, 0xE9, 0xEB]),
        ("ASPack", [0x60, 0xE8, 0x00, 0x00, 0x00, 0x00, 0x5D, 0x81, 0xED]),
        ("FSG 2.0", [0x87, 0x25, null, null, null, null, 0x61, 0x94, 0x55, 0xA4, 0xB6, 0x80]),
        ("FSG 1.3x", [0xBB, null, null, null, null, 0xBF, null, null, null, null, 0xBE, null, null, null, null, 0x53, 0xE8]),
        ("FSG 1.3x", [0xBE, null, null, null, null, 0xAD, 0x93, 0xAD, 0x97, 0xAD, 0x56, 0x96, 0xB2, 0x80]),
        ("MEW", [0xE9, null, null, null, 0xFF, 0x0C]),
        ("Petite", [0xB8, null, null, null, null, 0x68, null, null, null, null, 0x64, 0xFF, 0x35, 0x00, 0x00, 0x00, 0x00]),
        ("Petite", [0xB8, null, null, null, null, 0x66, 0x9C, 0x60, 0x50]),
        ("WWPack32", [0x53, 0x55, 0x8B, 0xE8, 0x33, 0xDB, 0xEB, 0x60]),
        ("yoda's Crypter (yC)", [0x55, 0x8B, 0xEC, 0x53, 0x56, 0x57, 0x60, 0xE8, 0x00, 0x00, 0x00, 0x00, 0x5D, 0x81, 0xED]),
        ("PESpin", [0xEB, 0x01, null, 0x60, 0xE8, 0x00, 0x00, 0x00, 0x00, 0x8B, 0x1C, 0x24, 0x83, 0xC3]),
        ("MPRESS", [0x60, 0xE8, 0x00, 0x00, 0x00, 0x00, 0x58, 0x05, null, null, 0x00, 0x00, 0x8B, 0x30]),
        ("PECompact", [0xB8, null, null, null, null, 0x50, 0x64, 0xFF, 0x35, 0x00, 0x00, 0x00, 0x00, 0x64, 0x89, 0x25]),
        ("Upack", [0xBE, null, null, null, null, 0xAD, 0x50, 0xFF, 0x76, 0x34, 0xEB]),
    ];

    private static readonly byte[] NsisSignature = [0xEF, 0xBE, 0xAD, 0xDE, .. "NullsoftInst"u8.ToArray()];

    public static IReadOnlyList<PackerMatch> Identify(PeFile pe, IReadOnlyList<PeImport> imports)
    {
        ArgumentNullException.ThrowIfNull(pe);
        ArgumentNullException.ThrowIfNull(imports);
        var matches = new List<PackerMatch>();
        foreach (var section in pe.Sections)
        {
            foreach (var (packer, name) in SectionNames)
            {
                if (section.Name == name)
                {
                    matches.Add(new PackerMatch(packer, $"section \"{section.Name}\""));
                }
            }
        }

        var entry = pe.Rva(pe.EntryPoint, 32);
        foreach (var (packer, stub) in EntryStubs)
        {
            if (Matches(entry, stub))
            {
                matches.Add(new PackerMatch(packer, $"entry-point stub {Convert.ToHexStringLower(entry[..Math.Min(entry.Length, stub.Length)])}"));
            }
        }

        Structure(pe, imports, matches);
        return matches.GroupBy(m => m.Name)
            .Select(g => g.First() with { Evidence = string.Join("; ", g.Select(m => m.Evidence).Distinct()) })
            .ToList();
    }

    private static void Structure(PeFile pe, IReadOnlyList<PeImport> imports, List<PackerMatch> matches)
    {
        var header = pe.Bytes.AsSpan(0, Math.Min(pe.Bytes.Length, 0x400));
        if (header.IndexOf("UPX!"u8) >= 0)
        {
            matches.Add(new PackerMatch("UPX", "UPX! pack header in the PE headers"));
        }

        // Upack keeps the loader's library name in the DOS header and the PE header inside it.
        if (header[2..].StartsWith("KERNEL32.DLL"u8) && pe.HeaderOffset < 0x40)
        {
            matches.Add(new PackerMatch("Upack", $"\"KERNEL32.DLL\" in the DOS header, PE header at 0x{pe.HeaderOffset:x}"));
        }

        if (pe.Sections.Count > 0 && pe.Sections.All(s => s.Name.Length == 0) && imports.Count is > 0 and <= 4)
        {
            matches.Add(new PackerMatch("unknown packer", $"{pe.Sections.Count} unnamed sections and {imports.Count} imports"));
        }

        if (pe.Sections.Any(s => s.Name == ".ndata") || ContainsNsisHeader(pe.Bytes))
        {
            matches.Add(new PackerMatch("NSIS", pe.Sections.Any(s => s.Name == ".ndata") ? "section \".ndata\" and the Nullsoft installer header" : "Nullsoft installer header", IsInstaller: true));
        }

        if (pe.Bytes.AsSpan().IndexOf("Inno Setup Setup Data"u8) >= 0)
        {
            matches.Add(new PackerMatch("Inno Setup", "\"Inno Setup Setup Data\"", IsInstaller: true));
        }
    }

    private static bool ContainsNsisHeader(byte[] bytes) => bytes.AsSpan().IndexOf(NsisSignature) >= 0;

    private static bool Matches(ReadOnlySpan<byte> bytes, byte?[] stub)
    {
        if (bytes.Length < stub.Length)
        {
            return false;
        }

        for (var index = 0; index < stub.Length; index++)
        {
            if (stub[index] is { } expected && bytes[index] != expected)
            {
                return false;
            }
        }

        return true;
    }
}
