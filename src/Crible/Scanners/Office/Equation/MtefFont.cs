namespace Crible.Scanners.Office.Equation;

/// <summary>A FONT record of an Equation Editor 3.x equation (MTEF v3, record type 8).</summary>
/// <param name="Offset">Where the record's tag is, counted from the start of the data handed to the reader.</param>
/// <param name="NameLength">Bytes of the font name before its terminating zero (or to the end of the data).</param>
/// <param name="Name">The name's first bytes, for evidence.</param>
/// <param name="Terminated">False when the name runs to the end of the data without a terminating zero.</param>
public sealed record MtefFont(int Offset, int NameLength, string Name, bool Terminated);
