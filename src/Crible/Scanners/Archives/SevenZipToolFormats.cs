using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Archives;

/// <summary>
/// Which files 7-Zip opens for us and as what. Each kind is opened with 7-Zip's handler for that format only
/// (<c>-t</c>), so a file never reaches the parsers of formats it was not identified as; a disc image tries UDF or
/// ISO 9660 first as its descriptors suggest, and an Apple disk image lets 7-Zip open the file system inside.
/// </summary>
public sealed class SevenZipToolFormats
{
    /// <summary>No <c>-t</c>: 7-Zip chooses, and opens what is nested (a DMG's HFS+ or APFS partition).</summary>
    public const string AnyType = "";

    private static readonly Dictionary<FileKind, string[]> ByKind = new()
    {
        [FileKinds.Cab] = ["Cab"],
        [FileKinds.Arj] = ["Arj"],
        [FileKinds.Lha] = ["Lzh"],
        [FileKinds.Chm] = ["Chm"],
        [FileKinds.Rpm] = ["Rpm"],
        [FileKinds.Xar] = ["Xar"],
        [FileKinds.Dmg] = [AnyType],
    };

    private readonly Dictionary<FileKind, string[]> _byKind;

    /// <param name="extraTypes">More kinds to open, with the 7-Zip types to try (tests use it for formats other
    /// scanners own).</param>
    public SevenZipToolFormats(IReadOnlyDictionary<FileKind, string[]>? extraTypes = null)
    {
        _byKind = new Dictionary<FileKind, string[]>(ByKind);
        foreach (var (kind, types) in extraTypes ?? new Dictionary<FileKind, string[]>())
        {
            _byKind[kind] = types;
        }
    }

    /// <summary>The 7-Zip types to try, in order, or null when 7-Zip has nothing to do with this item.</summary>
    public IReadOnlyList<string>? TypesFor(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_byKind.TryGetValue(item.Kind, out var types))
        {
            return types;
        }

        if (item.Kind == FileKinds.Iso)
        {
            return HasUdfDescriptors(item.Data.Head) ? ["Udf", "Iso"] : ["Iso", "Udf"];
        }

        if (item.Kind == FileKinds.Pe && NsisSignature.IsPresent(item.Data))
        {
            return ["Nsis"];
        }

        // An MSI is opened as the compound file it is, so every stream (custom action binaries, the embedded
        // cabinets) becomes a member and the cabinets are opened in turn.
        return OfficeKinds.IsOle2(item.Kind) && SevenZipToolMsiDetector.IsWindowsInstaller(item.Data) ? ["Compound"] : null;
    }

    private static bool HasUdfDescriptors(ReadOnlySpan<byte> head) =>
        head.IndexOf("NSR02"u8) >= 0 || head.IndexOf("NSR03"u8) >= 0;
}
