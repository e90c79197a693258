using System.Buffers.Binary;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Executables;

/// <summary>
/// Donut shellcode (a loader that runs .NET assemblies, PE files and scripts from memory): a call over the Donut
/// instance, whose first field repeats its own length, lands on the loader's "pop rcx" and its x86/x64 switch
/// ("xor eax, eax; dec eax / js"). That layout is Donut's alone; raw shellcode that reflectively loads a program
/// has no use in a file that is handed around, so it is malicious.
/// </summary>
public sealed class DonutScanner : IScanner
{
    private const int MinInstance = 0x200;
    private static readonly byte[] LoaderStart = [0x59, 0x31, 0xC0, 0x48, 0x0F, 0x88];

    public string Name => "donut";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Unknown && item.Size > MinInstance;
    }

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var head = item.Data.Head;
        if (head.Length < 9 || head[0] != 0xE8)
        {
            return ValueTask.CompletedTask;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(head[1..]);
        if (length < MinInstance || length != BinaryPrimitives.ReadUInt32LittleEndian(head[5..]) || 5 + length + LoaderStart.Length > item.Size)
        {
            return ValueTask.CompletedTask;
        }

        using var stream = item.Data.OpenRead();
        stream.Position = 5 + length;
        var loader = new byte[LoaderStart.Length];
        stream.ReadAtLeast(loader, loader.Length, throwOnEndOfStream: false);
        if (loader.AsSpan().SequenceEqual(LoaderStart))
        {
            context.Report(
                "donut-loader",
                Severity.Malicious,
                "Donut shellcode: a loader that runs an embedded program from memory",
                $"call over a {length}-byte Donut instance at offset 5, loader at 0x{5 + length:x} ({item.Size - 5 - length} bytes)",
                ["T1620", "T1055", "T1027.002"]);
        }

        return ValueTask.CompletedTask;
    }
}
