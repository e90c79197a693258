using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Archives;

/// <summary>MS-DOS COMPRESS.EXE files ("SETUP.EX_"): the header keeps the last character of the original name.</summary>
public sealed class SzddScanner : SingleStreamScanner
{
    private const int MissingCharacterOffset = 9;

    public override string Name => "szdd";

    protected override FileKind Kind => FileKinds.Szdd;

    protected override IReadOnlyList<(string Suffix, string Replacement)> Suffixes { get; } = [(".szdd", ""), (".sz", "")];

    protected override string? CheckHeader(ReadOnlySpan<byte> head) => head.Length < SzddStream.HeaderLength ? "the header is truncated" : null;

    protected override Stream OpenDecoder(Stream packed)
    {
        packed.Position = SzddStream.HeaderLength;
        return new SzddStream(packed);
    }

    protected override string MemberName(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var name = item.Name[(item.Name.LastIndexOf('/') + 1)..];
        var missing = (char)item.Data.Head[MissingCharacterOffset];
        return name.Length > 1 && name.EndsWith('_') && missing is > ' ' and < (char)0x7F ? name[..^1] + missing : base.MemberName(item);
    }
}
