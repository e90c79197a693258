using Crible.Model;

namespace Crible.Identification;

/// <summary>Groups of office kinds, so a scanner that reads any OLE2 file keeps seeing the refined kinds.</summary>
public static class OfficeKinds
{
    private static readonly HashSet<FileKind> Ole2Kinds = [FileKinds.Ole2, FileKinds.Doc, FileKinds.Xls, FileKinds.Ppt, FileKinds.Msi, FileKinds.Msg];

    /// <summary>True for every kind stored as an OLE2 compound file: the generic <c>ole2</c> and the refined
    /// <c>doc</c>, <c>xls</c>, <c>ppt</c>, <c>msi</c> and <c>msg</c>. Accept OLE2 files with this, never with
    /// <c>kind == FileKinds.Ole2</c>.</summary>
    public static bool IsOle2(FileKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return Ole2Kinds.Contains(kind);
    }
}
