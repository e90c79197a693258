using Crible.Model;
using Crible.Sandbox;

namespace Crible.Scanners.Dynamic;

/// <summary>Findings about how the run ended: stopped for filling its quota or for files past the size limit.</summary>
internal static class OutcomeRules
{
    public static IEnumerable<BehaviourFinding> Evaluate(SandboxResult result, BehaviourTimeline timeline)
    {
        var tooLarge = timeline.Ends.Count(e => e.Signal == "SIGXFSZ");
        if (result.Status == SandboxStatus.WorkDirectoryFull || tooLarge > 0)
        {
            var evidence = result.Status == SandboxStatus.WorkDirectoryFull ? result.Problem ?? "killed at its quota" : $"{tooLarge} processes killed by SIGXFSZ at the file size limit";
            yield return new BehaviourFinding("fills-disk", Severity.Suspicious, "Writes until the sandbox's size limits stop it", evidence, ["T1499"]);
        }
    }
}
