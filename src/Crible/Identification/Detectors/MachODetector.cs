using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// Mach-O images, thin (32/64-bit, either byte order) or fat/universal. A fat header shares 0xCAFEBABE with Java
/// class files: there the next word is a small architecture count, where a class file has its version (major 45 or
/// more), and the first architecture must name a known CPU.
/// </summary>
public sealed class MachODetector : IFileKindDetector
{
    private const int MaxArchitectures = 30;

    private static readonly byte[][] ThinMagics =
    [
        [0xFE, 0xED, 0xFA, 0xCE], [0xFE, 0xED, 0xFA, 0xCF], [0xCE, 0xFA, 0xED, 0xFE], [0xCF, 0xFA, 0xED, 0xFE],
    ];

    // CPU_TYPE_VAX, MC680x0, X86, MC98000, HPPA, ARM, MC88000, SPARC, I860, POWERPC (without the 64-bit ABI flags).
    private static readonly int[] KnownCpuTypes = [1, 6, 7, 10, 11, 12, 13, 14, 15, 18];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        foreach (var magic in ThinMagics)
        {
            // The fixed mach_header is 28 bytes; anything shorter cannot be loaded.
            if (head.Matches(0, magic) && head.Has(0, 28))
            {
                return FileKinds.MachO;
            }
        }

        return IsFatHeader(head) ? FileKinds.MachO : null;
    }

    private static bool IsFatHeader(HeaderBytes head)
    {
        if (!head.Matches(0, [0xCA, 0xFE, 0xBA, 0xBE]) && !head.Matches(0, [0xCA, 0xFE, 0xBA, 0xBF]))
        {
            return false;
        }

        var architectures = head.U32Be(4);
        var firstCpu = head.U32Be(8);
        if (architectures is < 1 or > MaxArchitectures || firstCpu < 0)
        {
            return false;
        }

        var cpu = (int)(firstCpu & 0x00FFFFFF);
        var abiFlags = firstCpu & 0xFF000000;
        return abiFlags is 0 or 0x01000000 or 0x02000000 && KnownCpuTypes.Contains(cpu);
    }
}
