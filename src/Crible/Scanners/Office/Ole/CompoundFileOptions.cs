namespace Crible.Scanners.Office.Ole;

/// <summary>Bounds a compound file reader keeps whatever the file claims.</summary>
public sealed record CompoundFileOptions
{
    public static CompoundFileOptions Default { get; } = new();

    /// <summary>Most directory entries read (a real file has tens, an MSI a few thousand).</summary>
    public int MaxDirectoryEntries { get; init; } = 100_000;

    /// <summary>Deepest storage nesting walked.</summary>
    public int MaxStorageDepth { get; init; } = 32;

    /// <summary>Most problems kept; the rest are counted in one last line.</summary>
    public int MaxProblems { get; init; } = 20;
}
