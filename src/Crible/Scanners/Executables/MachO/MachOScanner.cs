using System.Buffers.Binary;
using System.Text;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Executables.MachO;

/// <summary>
/// Mach-O programs: header, segments, linked libraries, code signature, UPX packing and strings of malware behaviour.
/// Universal (fat) binaries give each architecture's slice as an extracted child.
/// </summary>
public sealed class MachOScanner : IScanner
{
    private const int MaxCommands = 4096;
    private const int MaxSlices = 16;

    public string Name => "macho";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.MachO;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var bytes = await item.Data.ReadPrefixAsync(context.Limits.MaxInMemoryBytes, cancellation).ConfigureAwait(false);
        if (bytes.Length < 28)
        {
            return;
        }

        var magic = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (magic is 0xCAFEBABE or 0xCAFEBABF)
        {
            await EmitSlicesAsync(bytes, magic == 0xCAFEBABF, context, cancellation).ConfigureAwait(false);
            return;
        }

        var bigEndian = magic is 0xFEEDFACE or 0xFEEDFACF;
        var is64 = magic is 0xFEEDFACF or 0xCFFAEDFE;
        if (!bigEndian && magic is not (0xCEFAEDFE or 0xCFFAEDFE))
        {
            context.Incomplete("macho: unknown Mach-O magic");
            return;
        }

        var reader = new Fields(bytes, bigEndian);
        ReadCommands(reader, is64, context);
        UnixTraits.ReportStrings(context, bytes);
        UnixTraits.ReportUpx(context, bytes);
    }

    private static void ReadCommands(Fields reader, bool is64, ScanContext context)
    {
        var cpu = reader.U32(4);
        var type = reader.U32(12);
        var count = Math.Min(reader.U32(16), MaxCommands);
        var at = is64 ? 32L : 28L;
        var segments = new List<string>();
        var libraries = new List<string>();
        var signed = false;
        var encrypted = false;
        for (var index = 0; index < count; index++)
        {
            var command = reader.U32(at);
            var size = reader.U32(at + 4);
            if (size < 8 || at + size > reader.Length)
            {
                context.Incomplete("macho: a load command runs past the end of the file");
                break;
            }

            switch (command)
            {
                case 0x1 or 0x19:
                    segments.Add(reader.Name(at + 8, 16));
                    break;
                case 0xC or 0x80000018 or 0x8000001F or 0x80000023:
                    libraries.Add(reader.Name(at + reader.U32(at + 8), (int)Math.Min(size - reader.U32(at + 8), 1024)));
                    break;
                case 0x1D:
                    signed = true;
                    break;
                case 0x21 or 0x2C:
                    encrypted |= reader.U32(at + 16) != 0;
                    break;
            }

            at += size;
        }

        var cpuName = cpu switch
        {
            7 => "x86",
            0x01000007 => "x86-64",
            12 => "ARM",
            0x0100000C => "ARM64",
            _ => $"cpu 0x{cpu:x}",
        };
        var typeName = type switch
        {
            1 => "object",
            2 => "executable",
            6 => "dynamic library",
            8 => "bundle",
            _ => $"file type {type}",
        };
        context.Report("macho-header", Severity.Info, "Mach-O program", $"{(is64 ? 64 : 32)}-bit {cpuName} {typeName}, {count} load commands, segments {string.Join(", ", segments)}, {(signed ? "code signature present (not verified)" : "not signed")}");
        if (libraries.Count > 0)
        {
            context.Report("libraries", Severity.Info, $"{libraries.Count} linked libraries", string.Join(", ", libraries.Take(60)));
        }

        if (encrypted)
        {
            context.Report("encrypted-segment", Severity.Suspicious, "A segment is encrypted", "LC_ENCRYPTION_INFO with a non-zero crypt id", ["T1027"]);
        }
    }

    private static async ValueTask EmitSlicesAsync(byte[] bytes, bool wide, ScanContext context, CancellationToken cancellation)
    {
        var reader = new Fields(bytes, bigEndian: true);
        var count = reader.U32(4);
        var entry = wide ? 32 : 20;
        if (count is 0 or > MaxSlices)
        {
            context.Incomplete($"macho: {count} architectures in the universal binary (at most {MaxSlices} are read)");
            count = Math.Min(count, MaxSlices);
        }

        for (var index = 0; index < count; index++)
        {
            var at = 8 + (index * entry);
            var offset = wide ? reader.U64(at + 8) : reader.U32(at + 8);
            var size = wide ? reader.U64(at + 16) : reader.U32(at + 12);
            if (offset <= 0 || size <= 0 || offset + size > bytes.Length)
            {
                context.Incomplete($"macho: architecture {index} lies outside the file");
                continue;
            }

            await context.EmitAsync(bytes.AsMemory((int)offset, (int)size), $"arch-{index}-cpu-0x{reader.U32(at):x}", Relation.Extracted, cancellation).ConfigureAwait(false);
        }

        context.Report("universal", Severity.Info, "Universal (fat) Mach-O binary", $"{count} architectures");
    }

    private readonly struct Fields(byte[] bytes, bool bigEndian)
    {
        public long Length => bytes.Length;

        public long U32(long at) => at >= 0 && at + 4 <= bytes.Length ? (bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan((int)at)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)at))) : 0;

        public long U64(long at) => at >= 0 && at + 8 <= bytes.Length ? (long)Math.Min(bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan((int)at)) : BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)at)), long.MaxValue) : 0;

        public string Name(long at, int length)
        {
            if (at < 0 || length <= 0 || at >= bytes.Length)
            {
                return string.Empty;
            }

            var span = bytes.AsSpan((int)at, (int)Math.Min(length, bytes.Length - at));
            var end = span.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
        }
    }
}
