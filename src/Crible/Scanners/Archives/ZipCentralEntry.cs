namespace Crible.Scanners.Archives;

/// <summary>What the central directory says about one member.</summary>
/// <param name="LocalHeaderOffset">Where the member's local header starts, as the directory records it.</param>
internal sealed record ZipCentralEntry(string Name, int Method, long CompressedSize, long UncompressedSize, long LocalHeaderOffset);
