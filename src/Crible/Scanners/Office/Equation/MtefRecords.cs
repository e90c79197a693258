namespace Crible.Scanners.Office.Equation;

/// <summary>What the MTEF reader found: the equation's version, its FONT records, and why it stopped early when it
/// did.</summary>
public sealed record MtefRecords(int Version, IReadOnlyList<MtefFont> Fonts, string? Problem);
