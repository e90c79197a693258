using System.Text;
using Crible.Scanners.Office.Ole;

namespace Crible.Tests.Scanners.Office.Vba;

/// <summary>Builds VBA projects (MS-OVBA 2.3: dir stream, module streams, _VBA_PROJECT) inside compound files.</summary>
internal static class VbaTestProjects
{
    /// <summary>A module: its name, its source, and the bytes standing for its compiled p-code.</summary>
    public sealed record Module(string Name, string Source, byte[]? PCode = null, bool IsDocument = false);

    /// <summary>A vbaProject.bin-like compound file with the project at <paramref name="storage"/> ("" for the root).</summary>
    public static byte[] File(string storage, params Module[] modules)
    {
        var builder = new CompoundFileBuilder();
        Add(builder, storage, modules);
        return builder.ToArray();
    }

    /// <summary>A Word 97-2003 document (WordDocument stream) with its macros in Macros/VBA.</summary>
    public static byte[] WordDocument(params Module[] modules)
    {
        var builder = new CompoundFileBuilder();
        var fib = new byte[1472];
        fib[0] = 0xEC;
        fib[1] = 0xA5;
        builder.AddStream("WordDocument", fib);
        builder.AddStream("1Table", new byte[512]);
        Add(builder, "Macros", modules);
        return builder.ToArray();
    }

    public static void Add(CompoundFileBuilder builder, string storage, IReadOnlyList<Module> modules)
    {
        var prefix = storage.Length == 0 ? string.Empty : storage + "/";
        builder.AddStream(prefix + "VBA/dir", OvbaCompressor.Compress(Dir(modules)));
        builder.AddStream(prefix + "VBA/_VBA_PROJECT", new byte[] { 0xCC, 0x61, 0xFF, 0xFF, 0x00, 0x00, 0x00 });
        builder.AddStream(prefix + "PROJECT", Encoding.Latin1.GetBytes(string.Concat(modules.Select(m => $"Module={m.Name}\r\n"))));
        foreach (var module in modules)
        {
            var pcode = module.PCode ?? [];
            byte[] stream = [.. pcode, .. OvbaCompressor.Compress(Encoding.Latin1.GetBytes(module.Source))];
            builder.AddStream(prefix + "VBA/" + module.Name, stream);
        }
    }

    private static byte[] Dir(IReadOnlyList<Module> modules)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        Record(writer, 0x0001, BitConverter.GetBytes(1u));
        Record(writer, 0x0003, BitConverter.GetBytes((ushort)1252));
        Record(writer, 0x0004, Encoding.Latin1.GetBytes("Project"));
        writer.Write((ushort)0x0009);
        writer.Write(4u);
        writer.Write(0x65BE0257u);
        writer.Write((ushort)0x0011);
        Record(writer, 0x000F, BitConverter.GetBytes((ushort)modules.Count));
        Record(writer, 0x0013, BitConverter.GetBytes((ushort)0xFFFF));
        foreach (var module in modules)
        {
            Record(writer, 0x0019, Encoding.Latin1.GetBytes(module.Name));
            Record(writer, 0x0047, Encoding.Unicode.GetBytes(module.Name));
            Record(writer, 0x001A, Encoding.Latin1.GetBytes(module.Name));
            Record(writer, 0x0032, Encoding.Unicode.GetBytes(module.Name));
            Record(writer, 0x0031, BitConverter.GetBytes((uint)(module.PCode?.Length ?? 0)));
            Record(writer, module.IsDocument ? (ushort)0x0022 : (ushort)0x0021, []);
            Record(writer, 0x002B, []);
        }

        Record(writer, 0x0010, []);
        writer.Flush();
        return buffer.ToArray();
    }

    private static void Record(BinaryWriter writer, ushort id, byte[] data)
    {
        writer.Write(id);
        writer.Write((uint)data.Length);
        writer.Write(data);
    }
}
