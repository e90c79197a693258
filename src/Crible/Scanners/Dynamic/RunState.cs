namespace Crible.Scanners.Dynamic;

/// <summary>
/// What the dynamic scanner remembers within one analysis, kept as empty files in the analysis' private folder (so
/// nothing outlives the analysis and no state is shared between analyses): the runs taken, and the content hashes of
/// dropped files the sample executed.
/// </summary>
internal static class RunState
{
    private const string FolderName = "dynamic-state";

    /// <summary>Takes one of <paramref name="maxRuns"/> run slots atomically; false when all are taken.</summary>
    public static bool TryTakeSlot(string analysisFolder, int maxRuns)
    {
        var folder = Folder(analysisFolder);
        for (var slot = 0; slot < maxRuns; slot++)
        {
            try
            {
                using var marker = new FileStream(Path.Combine(folder, $"run-{slot}"), FileMode.CreateNew, FileAccess.Write);
                return true;
            }
            catch (IOException) when (File.Exists(Path.Combine(folder, $"run-{slot}")))
            {
                // Taken by another run of this analysis; try the next one.
            }
        }

        return false;
    }

    public static void MarkExecuted(string analysisFolder, string sha256) =>
        File.WriteAllBytes(Path.Combine(Folder(analysisFolder), "executed-" + sha256), []);

    public static bool WasExecuted(string analysisFolder, string sha256) =>
        File.Exists(Path.Combine(Folder(analysisFolder), "executed-" + sha256));

    private static string Folder(string analysisFolder) => Directory.CreateDirectory(Path.Combine(analysisFolder, FolderName)).FullName;
}
