namespace Crible.Model;

/// <summary>The digests of a file, lower-case hexadecimal.</summary>
public sealed record Hashes(string Md5, string Sha1, string Sha256);
