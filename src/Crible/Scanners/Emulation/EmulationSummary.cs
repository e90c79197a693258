namespace Crible.Scanners.Emulation;

/// <summary>The informational summary of one emulation: how it ended and what the script touched.</summary>
internal static class EmulationSummary
{
    public static string Describe(EmulationResult result, TimeSpan budget)
    {
        var log = result.Behaviour;
        var lines = new List<string>
        {
            $"ran {result.Elapsed.TotalMilliseconds:F0} ms of a {budget.TotalSeconds:F0} s budget; " + (result.Stop is not null ? $"stopped ({result.Stop})" : result.Quit ? "ended with WScript.Quit" : result.Error is not null ? $"ended with an error: {BehaviourAssessment.Clip(result.Error)}" : "ran to its end"),
            $"objects created: {(log.ObjectsCreated.Count == 0 ? "none" : string.Join(", ", log.ObjectsCreated.Distinct(StringComparer.OrdinalIgnoreCase).Take(20)))}",
            $"requests: {log.Requests.Count}; files written: {log.Files.Count}; commands: {log.Commands.Count}; registry writes: {log.RegistryWrites.Count}; scheduled tasks: {log.Tasks.Count}; code strings run: {log.Code.Count}",
        };
        if (log.SleptMilliseconds > 0)
        {
            lines.Add($"asked to sleep {log.SleptMilliseconds} ms (not slept)");
        }

        if (log.Deleted.Count > 0)
        {
            lines.Add("deleted: " + string.Join(", ", log.Deleted.Take(10)));
        }

        if (log.Calls.Count > 0)
        {
            lines.Add("other calls: " + string.Join("; ", log.Calls.Distinct().Take(10).Select(BehaviourAssessment.Clip)));
        }

        if (log.UnknownMembers.Count > 0)
        {
            lines.Add("members Crible does not model: " + string.Join(", ", log.UnknownMembers.Take(15)));
        }

        if (log.Overflow > 0)
        {
            lines.Add($"{log.Overflow} further events not kept");
        }

        return string.Join('\n', lines);
    }
}
