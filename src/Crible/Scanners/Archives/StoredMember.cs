namespace Crible.Scanners.Archives;

/// <summary>A member kept as-is inside its archive (ar, cpio): where its bytes are.</summary>
internal sealed record StoredMember(string Name, long Offset, long Length);

/// <summary>What a reader of a stored-member archive found, and why it stopped early (null when it read to the end).</summary>
internal sealed record StoredListing(IReadOnlyList<StoredMember> Members, string? Problem);
