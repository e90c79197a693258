using Crible.Server.Storage;

namespace Crible.Server.Api;

/// <summary>The JSON bodies of the native API.</summary>
internal static class ApiResponses
{
    public static Dictionary<string, object?> Summary(AnalysisRecord record) => new()
    {
        ["id"] = record.Id,
        ["status"] = record.Status.ToString().ToLowerInvariant(),
        ["verdict"] = record.Verdict,
        ["sha256"] = record.Sha256,
        ["name"] = record.Name,
        ["size"] = record.Size,
        ["priority"] = record.Priority,
        ["cached"] = record.Cached,
        ["rules_version"] = record.RulesVersion,
        ["created"] = record.Created,
        ["started"] = record.Started,
        ["finished"] = record.Finished,
        ["error"] = record.Error,
        ["metadata"] = record.Metadata is null ? null : System.Text.Json.JsonDocument.Parse(record.Metadata).RootElement,
        ["status_url"] = $"/api/v1/analyses/{record.Id}",
        ["report_url"] = $"/api/v1/analyses/{record.Id}/report",
    };

    public static Dictionary<string, object?> Error(string code, string message) => new() { ["error"] = code, ["message"] = message };
}
