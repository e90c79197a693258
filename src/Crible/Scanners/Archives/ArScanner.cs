using Crible.Identification;
using Crible.Pipeline;

namespace Crible.Scanners.Archives;

/// <summary>Unix ar archives: Debian packages (debian-binary, control.tar.*, data.tar.*) and static libraries.</summary>
public sealed class ArScanner : IScanner
{
    public string Name => "ar";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Ar;
    }

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (item.Data.Head.StartsWith("!<thin>\n"u8))
        {
            context.Incomplete("ar: a thin archive only names files stored elsewhere; it holds no member");
            return ValueTask.CompletedTask;
        }

        return StoredMemberEmitter.EmitAsync(item, context, ArReader.Read, cancellation);
    }
}
