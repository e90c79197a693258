using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>Windows PE images by the "PE\0\0" signature that the MZ header's e_lfanew points at; an MZ header
/// with no PE signature behind it (plain DOS, NE, LE) is a DOS executable when its own fields are sane.</summary>
public sealed class PeDetector : IFileKindDetector
{
    private const int LfanewOffset = 0x3C;
    private static readonly byte[] PeSignature = [(byte)'P', (byte)'E', 0, 0];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        if (!head.Matches(0, "MZ"u8) && !head.Matches(0, "ZM"u8))
        {
            return null;
        }

        if (HasPeSignature(probe, head.U32Le(LfanewOffset)))
        {
            return FileKinds.Pe;
        }

        return LooksLikeDosHeader(head) ? FileKinds.Dos : null;
    }

    private static bool HasPeSignature(FileProbe probe, long lfanew)
    {
        // Tiny hand-made PEs overlap the headers, so anything from offset 4 on is legal.
        if (lfanew < 4 || lfanew > probe.Length - PeSignature.Length)
        {
            return false;
        }

        var signature = lfanew + PeSignature.Length <= probe.Head.Length
            ? probe.Head.Slice((int)lfanew, PeSignature.Length)
            : probe.ReadAt(lfanew, PeSignature.Length);
        return signature.SequenceEqual(PeSignature);
    }

    private static bool LooksLikeDosHeader(HeaderBytes head)
    {
        var bytesInLastPage = head.U16Le(2);
        var pages = head.U16Le(4);
        var headerParagraphs = head.U16Le(8);

        // Text that happens to start with "MZ" gives letters here, far beyond these ranges.
        return bytesInLastPage is >= 0 and < 512 && pages >= 1 && headerParagraphs >= 2 && headerParagraphs * 16L <= pages * 512L;
    }
}
