namespace Crible.Scanners.Office.Rtf;

/// <summary>The bytes decoded from one \objdata destination, and where it started in the RTF.</summary>
public sealed record RtfObjectData(int Offset, byte[] Data);
