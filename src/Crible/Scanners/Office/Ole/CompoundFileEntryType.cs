namespace Crible.Scanners.Office.Ole;

/// <summary>The object type of a directory entry (MS-CFB 2.6.1).</summary>
public enum CompoundFileEntryType
{
    /// <summary>A free slot (or an unknown type, read as free).</summary>
    Unallocated = 0,

    /// <summary>A folder of streams and storages.</summary>
    Storage = 1,

    /// <summary>A file.</summary>
    Stream = 2,

    /// <summary>The root storage, entry 0; its data is the mini stream.</summary>
    Root = 5,
}
