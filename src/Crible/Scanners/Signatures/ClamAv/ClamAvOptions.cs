namespace Crible.Scanners.Signatures.ClamAv;

/// <summary>A real clamd Crible asks about every file (section <c>Signatures:ClamAv</c>); off unless
/// <see cref="Address"/> is set.</summary>
public sealed class ClamAvOptions
{
    /// <summary>clamd's <c>HOST:PORT</c> (its TCPAddr and TCPSocket) or <c>unix:/path</c> (its LocalSocket).</summary>
    public string? Address { get; set; }

    /// <summary>How long one file may take, connection included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Files larger than this are not sent (set it to clamd's StreamMaxLength); they are incomplete.</summary>
    public long MaxStreamBytes { get; set; } = 100L * 1024 * 1024;
}
