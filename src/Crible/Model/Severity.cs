using System.Text.Json.Serialization;

namespace Crible.Model;

/// <summary>How bad a finding is. Only <see cref="Malicious"/> makes a verdict malicious.</summary>
public enum Severity
{
    [JsonStringEnumMemberName("info")]
    Info,
    [JsonStringEnumMemberName("suspicious")]
    Suspicious,
    [JsonStringEnumMemberName("malicious")]
    Malicious,
}
