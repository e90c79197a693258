namespace Crible.Pipeline;

/// <summary>What became of a sub-file handed to <see cref="ScanContext.EmitAsync(Stream, string, Model.Relation, long?, CancellationToken)"/>.</summary>
public enum EmitResult
{
    /// <summary>It will be analysed.</summary>
    Accepted,

    /// <summary>This one was refused (for example it expands too much); the next ones may still be accepted.</summary>
    Refused,

    /// <summary>A limit of the whole analysis is reached: emitting more is pointless, stop extracting.</summary>
    Exhausted,
}
