using System.Runtime.InteropServices;

namespace Crible.Scanners.Signatures.Yara;

/// <summary>Owns a compiled <c>YR_RULES</c>; its reference count keeps the rules alive while scans use them.</summary>
internal sealed class YaraRulesHandle : SafeHandle
{
    public YaraRulesHandle(nint rules)
        : base(0, ownsHandle: true) => SetHandle(rules);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle() => YaraNative.RulesDestroy(handle) == YaraNative.ErrorSuccess;
}
