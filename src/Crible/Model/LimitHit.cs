namespace Crible.Model;

/// <summary>A limit that stopped part of an analysis.</summary>
/// <param name="Limit">Which limit: <c>depth</c>, <c>files</c>, <c>total_size</c>, <c>ratio</c>, <c>timeout</c>, <c>deadline</c>.</param>
/// <param name="Path">The node where it was hit.</param>
/// <param name="Detail">What a person reads.</param>
public sealed record LimitHit(string Limit, string Path, string Detail);
