namespace Crible.Scanners.Executables.Pe;

/// <summary>One resource's data: its path of type/name/language ids and where its bytes are.</summary>
public sealed record PeResource(string Path, long Offset, long Length);

/// <summary>Walks the resource tree (type, name, language), bounded in entries and depth, each offset checked.</summary>
public static class PeResources
{
    public const int MaxResources = 4096;
    private const int MaxEntriesPerDirectory = 4096;

    private static readonly Dictionary<long, string> TypeNames = new()
    {
        [1] = "CURSOR",
        [2] = "BITMAP",
        [3] = "ICON",
        [4] = "MENU",
        [5] = "DIALOG",
        [6] = "STRING",
        [10] = "RCDATA",
        [14] = "GROUP_ICON",
        [16] = "VERSION",
        [23] = "HTML",
        [24] = "MANIFEST",
    };

    public static IReadOnlyList<PeResource> Read(PeFile pe)
    {
        ArgumentNullException.ThrowIfNull(pe);
        var resources = new List<PeResource>();
        var (rva, _) = pe.Directories[2];
        var root = pe.RvaToOffset(rva);
        if (rva == 0 || root < 0)
        {
            return resources;
        }

        Walk(pe, root, root, string.Empty, 0, resources, new HashSet<long>());
        return resources;
    }

    private static void Walk(PeFile pe, long root, long directory, string path, int level, List<PeResource> resources, HashSet<long> seen)
    {
        if (level > 2 || !seen.Add(directory) || directory + 16 > pe.Bytes.Length)
        {
            return;
        }

        var count = Math.Min(PeFile.U16(pe.Bytes, directory + 12) + PeFile.U16(pe.Bytes, directory + 14), MaxEntriesPerDirectory);
        for (var index = 0; index < count && resources.Count < MaxResources; index++)
        {
            var entry = directory + 16 + (index * 8);
            if (entry + 8 > pe.Bytes.Length)
            {
                return;
            }

            var id = PeFile.U32(pe.Bytes, entry);
            var target = PeFile.U32(pe.Bytes, entry + 4);
            var name = (id & 0x80000000) != 0 ? NameAt(pe, root + (id & 0x7FFFFFFF)) : level == 0 && TypeNames.TryGetValue(id, out var type) ? type : id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var childPath = path.Length == 0 ? name : $"{path}/{name}";
            if ((target & 0x80000000) != 0)
            {
                Walk(pe, root, root + (target & 0x7FFFFFFF), childPath, level + 1, resources, seen);
                continue;
            }

            var data = root + target;
            var offset = pe.RvaToOffset(PeFile.U32(pe.Bytes, data));
            var length = PeFile.U32(pe.Bytes, data + 4);
            if (data + 16 <= pe.Bytes.Length && offset >= 0 && length > 0)
            {
                resources.Add(new PeResource(childPath, offset, Math.Min(length, pe.Bytes.Length - offset)));
            }
        }
    }

    private static string NameAt(PeFile pe, long at)
    {
        var length = Math.Min(PeFile.U16(pe.Bytes, at), 128);
        if (at + 2 + (length * 2) > pe.Bytes.Length)
        {
            return "?";
        }

        var text = System.Text.Encoding.Unicode.GetString(pe.Bytes, (int)at + 2, length * 2);
        return new string(text.Select(c => char.IsControl(c) || c == '/' ? '_' : c).ToArray());
    }
}
