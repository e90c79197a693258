using System.Globalization;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Executables.Upx;

namespace Crible.Scanners.Executables.Pe;

/// <summary>
/// Static analysis of Windows PE programs: headers, sections and their entropy, imports and exports, the API
/// combinations of injection, anti-debugging, download-and-execute and keylogging, TLS callbacks, Authenticode,
/// .NET metadata, known packers, and UPX unpacking. Programs inside resources and sections are emitted as embedded
/// children, the unpacked UPX data as a decoded child; the overlay is the carving family's.
/// </summary>
public sealed class PeScanner : IScanner
{
    private const double HighEntropy = 7.2;
    private const int HighEntropyMinimum = 4096;

    public string Name => "pe";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Pe;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var bytes = await item.Data.ReadPrefixAsync(context.Limits.MaxInMemoryBytes, cancellation).ConfigureAwait(false);
        if (PeFile.Parse(bytes) is not { } pe)
        {
            context.Incomplete("pe: the PE headers could not be read");
            return;
        }

        var imports = PeImports.Imports(pe).ToList();
        ReportHeaders(pe, bytes.Length < item.Size, context);
        ReportSections(pe, context);
        var dotNet = ReportDotNet(pe, context, imports);
        ReportImports(pe, imports, context);
        ReportTraits(pe, context);
        var packers = PackerSignatures.Identify(pe, imports);
        foreach (var packer in packers)
        {
            if (packer.IsInstaller)
            {
                context.Report("installer", Severity.Info, $"{packer.Name} installer", packer.Evidence);
            }
            else
            {
                context.Report("packer", Severity.Suspicious, $"Packed with {packer.Name}", packer.Evidence, ["T1027.002"]);
            }
        }

        cancellation.ThrowIfCancellationRequested();
        await new PeUpxUnpacking(pe, context).RunAsync(cancellation).ConfigureAwait(false);
        await new PeEmbeddedPrograms(pe, context).RunAsync(dotNet?.EmbeddedPrograms ?? [], cancellation).ConfigureAwait(false);
    }

    private static void ReportHeaders(PeFile pe, bool truncated, ScanContext context)
    {
        var entrySection = pe.SectionAt(pe.EntryPoint);
        var built = pe.Timestamp is > 0 and < 0xF0000000 ? DateTimeOffset.FromUnixTimeSeconds(pe.Timestamp).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : $"0x{pe.Timestamp:x}";
        var evidence = $"{pe.MachineName} {(pe.IsDll ? "DLL" : "program")}, subsystem {Subsystem(pe.Subsystem)}, {pe.Sections.Count} sections, entry point 0x{pe.EntryPoint:x} in {(entrySection is null ? "no section" : $"\"{entrySection.Name}\"")}, image base 0x{pe.ImageBase:x}, link time {built}";
        context.Report("pe-header", Severity.Info, "Windows PE program", truncated ? evidence + "; only the first part of this large file was read" : evidence);
        if (pe.EntryPoint != 0 && entrySection is null && pe.EntryPoint >= Math.Max(pe.SizeOfHeaders, 0x200))
        {
            context.Report("entry-outside-sections", Severity.Suspicious, "The entry point is outside every section", $"entry point 0x{pe.EntryPoint:x}", ["T1027.002"]);
        }
        else if (entrySection is not null && !entrySection.IsExecutable)
        {
            context.Report("entry-in-data", Severity.Suspicious, "The entry point is in a section not marked executable", $"entry point 0x{pe.EntryPoint:x} in \"{entrySection.Name}\"", ["T1027.002"]);
        }
    }

    private static void ReportSections(PeFile pe, ScanContext context)
    {
        var lines = new List<string>();
        foreach (var section in pe.Sections)
        {
            var raw = pe.RawData(section);
            var entropy = ShannonEntropy.Of(raw);
            var flags = (section.IsExecutable ? "x" : "-") + (section.IsWritable ? "w" : "-");
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{section.Name} va 0x{section.VirtualAddress:x} vsize 0x{section.VirtualSize:x} raw 0x{section.RawSize:x} entropy {entropy:0.00} {flags}"));
            if (section.IsExecutable && section.IsWritable)
            {
                context.Report("writable-code", Severity.Suspicious, "A section is both writable and executable (self-modifying or unpacking code)", $"section \"{section.Name}\"", ["T1027.002"]);
            }

            if (raw.Length >= HighEntropyMinimum && entropy >= HighEntropy)
            {
                context.Report("high-entropy", Severity.Suspicious, "A section holds compressed or encrypted data", string.Create(CultureInfo.InvariantCulture, $"section \"{section.Name}\", {raw.Length} bytes, entropy {entropy:0.00} bits per byte"), ["T1027.002"]);
            }
        }

        if (lines.Count > 0)
        {
            context.Report("sections", Severity.Info, $"{lines.Count} sections", string.Join("; ", lines));
        }
    }

    private static DotNetFacts? ReportDotNet(PeFile pe, ScanContext context, List<PeImport> imports)
    {
        var (rva, _) = pe.Directories[14];
        if (rva == 0)
        {
            return null;
        }

        var (facts, problem) = DotNetMetadata.Read(pe.Bytes);
        if (facts is null)
        {
            context.Report("dotnet-unreadable", Severity.Suspicious, "A .NET header with metadata that cannot be read (damaged or obfuscated)", problem, ["T1027"]);
            return null;
        }

        context.Report("dotnet", Severity.Info, ".NET assembly", $"{facts.AssemblyName}, runtime {facts.Runtime}, {facts.PInvokes.Count} P/Invoke imports");
        if (facts.ReflectiveLoads.Count > 0)
        {
            context.Report("reflective-load", Severity.Suspicious, "Loads an assembly from a byte array (in-memory payload)", string.Join(", ", facts.ReflectiveLoads), ["T1620"]);
        }

        if (facts.DynamicCode.Count > 0)
        {
            context.Report("dynamic-code", Severity.Info, "Generates or calls code at run time", string.Join(", ", facts.DynamicCode.Take(10)));
        }

        imports.AddRange(facts.PInvokes);
        return facts;
    }

    private static void ReportImports(PeFile pe, List<PeImport> imports, ScanContext context)
    {
        if (imports.Count > 0)
        {
            var libraries = imports.GroupBy(i => i.Library.ToLowerInvariant()).Select(g => $"{g.Key} ({g.Count()})");
            context.Report("imports", Severity.Info, $"{imports.Count} imported functions", string.Join(", ", libraries.Take(40)));
        }

        var functions = imports.Select(i => i.Function).ToHashSet(StringComparer.Ordinal);
        foreach (var set in SuspiciousApiSets.All)
        {
            if (set.Match(functions) is { } matched)
            {
                context.Report(set.Id, Severity.Suspicious, set.Title, string.Join(", ", matched.Distinct()), set.Attack);
            }
        }

        var exports = PeImports.Exports(pe);
        if (exports.Count > 0)
        {
            context.Report("exports", Severity.Info, $"{exports.Count} exported functions", string.Join(", ", exports.Take(40)));
        }
    }

    private static void ReportTraits(PeFile pe, ScanContext context)
    {
        var callbacks = TlsCallbacks.Read(pe);
        if (callbacks.Count > 0)
        {
            context.Report("tls-callbacks", Severity.Info, "TLS callbacks run code before the entry point", string.Join(", ", callbacks.Select(c => $"0x{c:x}")), ["T1622"]);
        }

        var (_, certificateSize) = pe.Directories[4];
        if (certificateSize > 0)
        {
            context.Report("authenticode", Severity.Info, "Carries an Authenticode signature (not verified)", $"{certificateSize} bytes of certificate table");
        }
    }

    private static string Subsystem(int value) => value switch
    {
        1 => "native",
        2 => "Windows GUI",
        3 => "Windows console",
        9 => "Windows CE",
        10 or 11 or 12 => "EFI",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };
}
