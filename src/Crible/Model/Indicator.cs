using System.Text.Json.Serialization;

namespace Crible.Model;

/// <summary>What an indicator of compromise is.</summary>
public enum IndicatorKind
{
    [JsonStringEnumMemberName("url")]
    Url,
    [JsonStringEnumMemberName("domain")]
    Domain,
    [JsonStringEnumMemberName("ip")]
    Ip,
    [JsonStringEnumMemberName("email")]
    Email,
    [JsonStringEnumMemberName("path")]
    Path,
    [JsonStringEnumMemberName("registry")]
    Registry,
    [JsonStringEnumMemberName("command")]
    Command,
    [JsonStringEnumMemberName("hash")]
    Hash,
}

/// <summary>An indicator of compromise seen in a file: something a responder can search for elsewhere (proxy logs,
/// mail gateways, endpoints). Values are kept as found (not defanged); the human report defangs them.</summary>
/// <param name="Kind">What the value is.</param>
/// <param name="Value">The indicator itself, bounded in length.</param>
/// <param name="Scanner">The engine that saw it.</param>
public sealed record Indicator(IndicatorKind Kind, string Value, string Scanner);
