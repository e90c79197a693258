using System.Text.Json.Serialization;

namespace Crible.Model;

/// <summary>Who a step of a security procedure is for.</summary>
public enum ProcedureAudience
{
    /// <summary>The platform that submitted the file (file transfer, mail, messaging...), and its operators.</summary>
    [JsonStringEnumMemberName("platform")]
    Platform,

    /// <summary>The people concerned: who received, downloaded or sent the file.</summary>
    [JsonStringEnumMemberName("people")]
    People,

    /// <summary>The security team (SOC, CERT) that follows incidents up.</summary>
    [JsonStringEnumMemberName("security_team")]
    SecurityTeam,
}

/// <summary>What to do now about a file that was not found clean: proposed steps, in order, for each audience.
/// Crible proposes; the platform and the security team decide.</summary>
/// <param name="Urgency"><c>high</c> for a malicious file, <c>medium</c> for one that could not be fully analysed.</param>
/// <param name="Summary">One paragraph a person reads first.</param>
/// <param name="Steps">The steps, most urgent first.</param>
public sealed record SecurityProcedure(string Urgency, string Summary, IReadOnlyList<ProcedureStep> Steps);

/// <summary>One step of a security procedure.</summary>
public sealed record ProcedureStep(ProcedureAudience Audience, string Action);
