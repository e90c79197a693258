using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>Java class files: 0xCAFEBABE followed by a class-file version (major 45 = Java 1.0 onwards) and a
/// non-empty constant pool. The version is what tells them from fat Mach-O headers, which share the magic.</summary>
public sealed class JavaClassDetector : IFileKindDetector
{
    private const int FirstMajorVersion = 45;
    private const int LastPlausibleMajorVersion = 100;

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        var major = head.U16Be(6);
        var constantPoolCount = head.U16Be(8);
        return head.Matches(0, [0xCA, 0xFE, 0xBA, 0xBE]) && major is >= FirstMajorVersion and <= LastPlausibleMajorVersion && constantPoolCount >= 1
            ? FileKinds.JavaClass
            : null;
    }
}
