namespace Crible.Server.Clamd;

/// <summary>The clamd-compatible door (section <c>Server:Clamd</c>); off unless <see cref="Listen"/> is set.</summary>
public sealed class ClamdOptions
{
    /// <summary><c>HOST:PORT</c> (clamd's usual port is 3310), or empty for no TCP listener.</summary>
    public string? Listen { get; set; }

    /// <summary>A Unix socket path to listen on as well (or instead).</summary>
    public string? UnixSocket { get; set; }

    /// <summary>The tenant the door's analyses belong to (the clamd protocol carries no key).</summary>
    public string Tenant { get; set; } = "clamd";

    /// <summary>Connections served at once; more wait to be accepted.</summary>
    public int MaxConnections { get; set; } = 32;

    /// <summary>Largest INSTREAM accepted (clamd's StreamMaxLength); larger gets
    /// <c>INSTREAM size limit exceeded. ERROR</c>.</summary>
    public long MaxStreamBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>What an unanalysable file answers: <c>Error</c> (<c>stream: ... ERROR</c>), <c>Found</c>
    /// (<c>stream: Crible.Unanalysable FOUND</c>) or <c>Ok</c>.</summary>
    public UnanalysableReply Unanalysable { get; set; } = UnanalysableReply.Error;

    /// <summary>Folders whose files SCAN/CONTSCAN/MULTISCAN may read; empty refuses every server path.</summary>
    public List<string> ScanFolders { get; set; } = [];

    /// <summary>A connection idle this long between commands is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>How the clamd door reports a file Crible could not fully see.</summary>
public enum UnanalysableReply
{
    Error,
    Found,
    Ok,
}
