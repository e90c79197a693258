using Crible.Identification;
using Crible.Model;

namespace Crible.Scanners.Scripts.Encoder;

/// <summary>Files that open with a Script Encoder block (.jse, .vbe): random-looking text that would otherwise be
/// identified as plain text, or as whatever language its letters happen to resemble.</summary>
public sealed class EncodedScriptDetector : IFileKindDetector
{
    public static readonly FileKind Kind = new("encoded-script", "Script encoded by the Microsoft Script Encoder (JScript.Encode, VBScript.Encode)", FileKinds.ScriptFamily);

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = probe.Head;
        var start = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (start < head.Length && head[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        return EncodedScriptReader.StartsBlock(head[start..]) ? Kind : null;
    }
}
