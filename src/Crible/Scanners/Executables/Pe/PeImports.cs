namespace Crible.Scanners.Executables.Pe;

/// <summary>One imported function: its library and its name (or "#ordinal").</summary>
public sealed record PeImport(string Library, string Function);

/// <summary>Reads the import and export tables of a <see cref="PeFile"/>, bounded in libraries and functions.</summary>
public static class PeImports
{
    public const int MaxLibraries = 512;
    public const int MaxFunctionsPerLibrary = 4096;
    public const int MaxExports = 8192;

    public static IReadOnlyList<PeImport> Imports(PeFile pe)
    {
        ArgumentNullException.ThrowIfNull(pe);
        var imports = new List<PeImport>();
        var (rva, _) = pe.Directories[1];
        if (rva == 0)
        {
            return imports;
        }

        for (var index = 0; index < MaxLibraries; index++)
        {
            var descriptor = pe.RvaToOffset(rva + (index * 20));
            if (descriptor < 0 || descriptor + 20 > pe.Bytes.Length)
            {
                break;
            }

            var lookup = PeFile.U32(pe.Bytes, descriptor);
            var nameRva = PeFile.U32(pe.Bytes, descriptor + 12);
            var thunks = PeFile.U32(pe.Bytes, descriptor + 16);
            if (nameRva == 0 && thunks == 0)
            {
                break;
            }

            var library = pe.AsciiAt(nameRva) ?? "?";
            ReadThunks(pe, library, lookup != 0 ? lookup : thunks, imports);
        }

        return imports;
    }

    public static IReadOnlyList<string> Exports(PeFile pe)
    {
        ArgumentNullException.ThrowIfNull(pe);
        var (rva, _) = pe.Directories[0];
        var directory = pe.RvaToOffset(rva);
        if (rva == 0 || directory < 0 || directory + 40 > pe.Bytes.Length)
        {
            return [];
        }

        var count = Math.Min(PeFile.U32(pe.Bytes, directory + 24), MaxExports);
        var names = PeFile.U32(pe.Bytes, directory + 32);
        var exports = new List<string>();
        for (var index = 0; index < count; index++)
        {
            var entry = pe.RvaToOffset(names + (index * 4));
            if (entry < 0)
            {
                break;
            }

            if (pe.AsciiAt(PeFile.U32(pe.Bytes, entry)) is { } name)
            {
                exports.Add(name);
            }
        }

        return exports;
    }

    private static void ReadThunks(PeFile pe, string library, long table, List<PeImport> imports)
    {
        var width = pe.Is64 ? 8 : 4;
        for (var index = 0; index < MaxFunctionsPerLibrary; index++)
        {
            var at = pe.RvaToOffset(table + (index * width));
            if (at < 0)
            {
                return;
            }

            var thunk = pe.Is64 ? PeFile.U64(pe.Bytes, at) : (ulong)PeFile.U32(pe.Bytes, at);
            if (thunk == 0)
            {
                return;
            }

            var byOrdinal = pe.Is64 ? (thunk & 0x8000000000000000) != 0 : (thunk & 0x80000000) != 0;
            var function = byOrdinal ? $"#{thunk & 0xFFFF}" : pe.AsciiAt((long)(thunk & 0x7FFFFFFF) + 2);
            if (function is not null)
            {
                imports.Add(new PeImport(library, function));
            }
        }
    }
}
