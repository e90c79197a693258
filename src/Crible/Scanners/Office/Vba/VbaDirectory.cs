using System.Text;

namespace Crible.Scanners.Office.Vba;

/// <summary>
/// Reads the decompressed <c>dir</c> stream of a VBA project (MS-OVBA 2.3.4.2): the code page, and for each module
/// its name, stream name, type and the offset of its compressed source in the module stream. The records are walked
/// generically (id, size, data) so unknown or reordered records are skipped rather than fatal; the count of records
/// and of modules is bounded.
/// </summary>
public static class VbaDirectory
{
    private const int MaxRecords = 100_000;
    private const int MaxModules = 2_000;

    private const ushort CodePageRecord = 0x0003;
    private const ushort ProjectNameRecord = 0x0004;
    private const ushort VersionRecord = 0x0009;
    private const ushort TerminatorRecord = 0x0010;
    private const ushort ModuleNameRecord = 0x0019;
    private const ushort ModuleStreamNameRecord = 0x001A;
    private const ushort ProceduralModuleRecord = 0x0021;
    private const ushort DocumentModuleRecord = 0x0022;
    private const ushort ModuleEndRecord = 0x002B;
    private const ushort ModuleOffsetRecord = 0x0031;
    private const ushort ModuleStreamNameUnicodeRecord = 0x0032;
    private const ushort ModuleNameUnicodeRecord = 0x0047;

    public static VbaDirectoryInfo Parse(ReadOnlySpan<byte> dir)
    {
        var modules = new List<VbaModuleEntry>();
        var codePage = 1252;
        string? projectName = null;
        var current = new ModuleBuilder();
        var reader = new SpanReader(dir);
        for (var count = 0; count < MaxRecords && reader.Remaining >= 6; count++)
        {
            var id = reader.ReadUInt16();
            var size = reader.ReadUInt32();

            // PROJECTVERSION declares 4 bytes but holds 6 (MS-OVBA 2.3.4.2.1.11).
            var length = id == VersionRecord ? 6 : size;
            if (!reader.CanRead(length))
            {
                return new VbaDirectoryInfo(projectName, codePage, modules, $"record 0x{id:X4} at offset {reader.Position - 6} claims {length} bytes, {reader.Remaining} left");
            }

            var data = reader.ReadBytes(length);
            switch (id)
            {
                case CodePageRecord when data.Length >= 2:
                    codePage = data[0] | data[1] << 8;
                    break;
                case ProjectNameRecord:
                    projectName = Decode(data, codePage);
                    break;
                case ModuleNameRecord:
                    current = new ModuleBuilder { Name = Decode(data, codePage) };
                    break;
                case ModuleNameUnicodeRecord:
                    current.Name = Encoding.Unicode.GetString(data);
                    break;
                case ModuleStreamNameRecord:
                    current.StreamName ??= Decode(data, codePage);
                    break;
                case ModuleStreamNameUnicodeRecord:
                    current.StreamName = Encoding.Unicode.GetString(data);
                    break;
                case ModuleOffsetRecord when data.Length >= 4:
                    current.TextOffset = data[0] | data[1] << 8 | data[2] << 16 | data[3] << 24;
                    break;
                case ProceduralModuleRecord:
                    current.IsDocument = false;
                    break;
                case DocumentModuleRecord:
                    current.IsDocument = true;
                    break;
                case ModuleEndRecord when current.Name is not null:
                    modules.Add(current.Build());
                    current = new ModuleBuilder();
                    if (modules.Count >= MaxModules)
                    {
                        return new VbaDirectoryInfo(projectName, codePage, modules, $"more than {MaxModules} modules; the rest were not read");
                    }

                    break;
                case TerminatorRecord:
                    return new VbaDirectoryInfo(projectName, codePage, modules, null);
            }
        }

        return new VbaDirectoryInfo(projectName, codePage, modules, modules.Count == 0 ? "no module record found" : null);
    }

    /// <summary>Text in the project's code page; an unknown code page falls back to Latin-1, which never fails.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, int codePage)
    {
        try
        {
            var encoding = CodePagesEncodingProvider.Instance.GetEncoding(codePage) ?? Encoding.GetEncoding(codePage);
            return encoding.GetString(bytes);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    private sealed class ModuleBuilder
    {
        public string? Name { get; set; }

        public string? StreamName { get; set; }

        public int TextOffset { get; set; }

        public bool IsDocument { get; set; }

        public VbaModuleEntry Build() => new(Name ?? "(unnamed)", StreamName ?? Name ?? "(unnamed)", TextOffset, IsDocument);
    }
}

/// <summary>What the dir stream says about the project.</summary>
/// <param name="Problem">Why the walk stopped before the terminator, or null.</param>
public sealed record VbaDirectoryInfo(string? ProjectName, int CodePage, IReadOnlyList<VbaModuleEntry> Modules, string? Problem);

/// <summary>One module as the dir stream lists it.</summary>
/// <param name="TextOffset">Where the compressed source starts in the module stream (before it: the p-code).</param>
/// <param name="IsDocument">A document module (ThisDocument, ThisWorkbook, Sheet1) rather than a standard one.</param>
public sealed record VbaModuleEntry(string Name, string StreamName, int TextOffset, bool IsDocument);
