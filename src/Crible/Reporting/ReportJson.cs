using System.Text.Json;
using System.Text.Json.Serialization;
using Crible.Model;

namespace Crible.Reporting;

/// <summary>The report's JSON form: snake_case names, enums as lower-case words, absent values left out (except
/// <c>parent</c>, null for the root).</summary>
public static class ReportJson
{
    public static string Serialize(Report report, bool indented = false) =>
        JsonSerializer.Serialize(report, indented ? ReportJsonContext.Indented.Report : ReportJsonContext.Default.Report);

    public static Task SerializeAsync(Stream stream, Report report, CancellationToken cancellation = default) =>
        JsonSerializer.SerializeAsync(stream, report, ReportJsonContext.Default.Report, cancellation);

    public static Report Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ReportJsonContext.Default.Report) ?? throw new JsonException("The JSON holds no report.");
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Report))]
internal sealed partial class ReportJsonContext : JsonSerializerContext
{
    private static ReportJsonContext? _indented;

    public static ReportJsonContext Indented => _indented ??= new ReportJsonContext(new JsonSerializerOptions(Default.Options) { WriteIndented = true });
}
