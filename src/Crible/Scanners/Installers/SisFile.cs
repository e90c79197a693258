namespace Crible.Scanners.Installers;

/// <summary>One file an EPOC installation file (.sis, Symbian 6 to 8) installs.</summary>
/// <param name="Destination">Where it is installed (<c>!:\system\apps\x\x.app</c>; '!' is the drive the user picks).</param>
/// <param name="Source">Its path on the packager's machine.</param>
/// <param name="FileType">0 standard, 1 text shown at install, 2 embedded SIS, 3 run at install, 4 none, 5 MIME.</param>
/// <param name="Offset">Where its (possibly zlib-compressed) data starts.</param>
/// <param name="Length">Its stored length, checked to fit in the file.</param>
/// <param name="OriginalLength">Its size once decompressed (the stored length when it is not compressed).</param>
public sealed record SisFile(string Destination, string Source, uint FileType, int Offset, int Length, long OriginalLength)
{
    /// <summary>The last part of the destination path, else of the source path.</summary>
    public string FileName
    {
        get
        {
            foreach (var path in new[] { Destination, Source })
            {
                var cut = path.LastIndexOfAny(['\\', '/', ':']);
                var name = cut < 0 ? path : path[(cut + 1)..];
                if (name.Length > 0)
                {
                    return name;
                }
            }

            return string.Empty;
        }
    }
}
