namespace Crible.Server.Analyses;

/// <summary>What came with a file besides its bytes.</summary>
/// <param name="Name">The file's name as the client knows it (a label: the type comes from the content).</param>
/// <param name="Passwords">Passwords for this file's encrypted content.</param>
/// <param name="Priority">Higher runs first.</param>
/// <param name="CallbackUrl">Where to POST the verdict when done (an allowed host).</param>
/// <param name="Metadata">Client data echoed back (JSON text).</param>
/// <param name="Rescan">Analyse even if the verdict for this content is known.</param>
public sealed record SubmitRequest(
    string Name,
    IReadOnlyList<string> Passwords,
    int Priority = 0,
    Uri? CallbackUrl = null,
    string? Metadata = null,
    bool Rescan = false);

/// <summary>An upload over the configured size.</summary>
public sealed class UploadTooLargeException(long limit) : Exception($"The file is larger than the {limit} bytes this service accepts.")
{
    public long Limit { get; } = limit;
}
