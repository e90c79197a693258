namespace Crible.Scanners.Executables.Pe;

/// <summary>TLS callbacks: code the loader runs before the entry point (a place to hide anti-debugging).</summary>
public static class TlsCallbacks
{
    private const int MaxCallbacks = 64;

    /// <summary>The RVAs of the callbacks, or an empty list when there is no TLS directory or no callback.</summary>
    public static IReadOnlyList<long> Read(PeFile pe)
    {
        ArgumentNullException.ThrowIfNull(pe);
        var (rva, _) = pe.Directories[9];
        var directory = pe.RvaToOffset(rva);
        if (rva == 0 || directory < 0)
        {
            return [];
        }

        var width = pe.Is64 ? 8 : 4;
        var table = Pointer(pe, directory + (3 * width)) - pe.ImageBase;
        var callbacks = new List<long>();
        for (var index = 0; index < MaxCallbacks; index++)
        {
            var at = pe.RvaToOffset(table + (index * width));
            var callback = at < 0 ? 0 : Pointer(pe, at);
            if (callback == 0)
            {
                break;
            }

            callbacks.Add(callback - pe.ImageBase);
        }

        return callbacks;
    }

    private static long Pointer(PeFile pe, long at) => pe.Is64 ? (long)Math.Min(PeFile.U64(pe.Bytes, at), long.MaxValue) : PeFile.U32(pe.Bytes, at);
}
