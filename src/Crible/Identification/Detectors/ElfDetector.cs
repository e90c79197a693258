using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>ELF objects (executables, shared libraries, core files) by magic, word size and byte order.</summary>
public sealed class ElfDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        var wordSize = head.U8(4);
        var byteOrder = head.U8(5);
        return head.Matches(0, [0x7F, (byte)'E', (byte)'L', (byte)'F']) && wordSize is 1 or 2 && byteOrder is 1 or 2
            ? FileKinds.Elf
            : null;
    }
}
