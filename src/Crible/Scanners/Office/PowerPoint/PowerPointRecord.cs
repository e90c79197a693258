namespace Crible.Scanners.Office.PowerPoint;

/// <summary>One record of a PowerPoint binary stream (MS-PPT 2.3.1: a version/instance word, a type, a length).</summary>
/// <param name="Offset">Where its 8-byte header starts in the stream.</param>
/// <param name="Version">0xF for a container (its body is more records).</param>
/// <param name="Length">Its body's length as read, already checked to fit in the stream.</param>
public readonly record struct PowerPointRecord(int Offset, int Version, int Instance, int Type, int Length)
{
    public const int HeaderLength = 8;

    /// <summary>ExOleObjStg: an embedded OLE object's storage (also a VBA project's), compressed when instance is 1.</summary>
    public const int ExOleObjStgType = 0x1011;

    public bool IsContainer => Version == 0xF;

    public int BodyOffset => Offset + HeaderLength;
}
