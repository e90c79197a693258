using System.Text.Json.Serialization;

namespace Crible.Model;

/// <summary>The answer for a whole analysis.</summary>
public enum Verdict
{
    /// <summary>Everything was seen and no engine reported a malicious finding.</summary>
    [JsonStringEnumMemberName("clean")]
    Clean,

    /// <summary>At least one engine reported a malicious finding somewhere in the tree.</summary>
    [JsonStringEnumMemberName("malicious")]
    Malicious,

    /// <summary>Nothing malicious was found, but some part could not be fully seen.</summary>
    [JsonStringEnumMemberName("unanalysable")]
    Unanalysable,
}
