namespace Crible.Server.Icap;

/// <summary>The ICAP door (RFC 3507, section <c>Server:Icap</c>); off unless <see cref="Listen"/> is set.</summary>
public sealed class IcapOptions
{
    /// <summary><c>HOST:PORT</c> (ICAP's usual port is 1344).</summary>
    public string? Listen { get; set; }

    /// <summary>The service name in <c>icap://host:port/SERVICE</c>.</summary>
    public string Service { get; set; } = "avscan";

    /// <summary>The tenant the door's analyses belong to (ICAP carries no key).</summary>
    public string Tenant { get; set; } = "icap";

    /// <summary>Connections served at once (announced as Max-Connections); more wait to be accepted.</summary>
    public int MaxConnections { get; set; } = 32;

    /// <summary>Preview size announced in OPTIONS.</summary>
    public int PreviewBytes { get; set; } = 4096;

    /// <summary>How long a client may cache the OPTIONS answer.</summary>
    public int OptionsTtlSeconds { get; set; } = 3600;

    /// <summary>Largest body accepted (the service's MaxUploadBytes applies too); a larger one is answered as
    /// unanalysable (blocked or passed as configured) and the connection is closed.</summary>
    public long MaxBodyBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Block (403 page) or pass what Crible could not fully analyse; either way
    /// <c>X-Crible-Reason</c> says why.</summary>
    public UnanalysableAction Unanalysable { get; set; } = UnanalysableAction.Block;

    /// <summary>A keep-alive connection idle this long between requests is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>What the ICAP door does with an unanalysable file.</summary>
public enum UnanalysableAction
{
    Block,
    Pass,
}
