using System.Diagnostics;
using System.Text;
using Crible.Configuration;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Dynamic;

namespace Crible.Tests.Scanners.Dynamic;

/// <summary>Samples the dynamic tests build themselves (C programs compiled with gcc, scripts), an engine with short
/// bounds, and a look at the host's processes.</summary>
internal static class DynamicSamples
{
    public static readonly DynamicAnalysisOptions ShortRuns = new() { Timeout = TimeSpan.FromSeconds(8), CpuSeconds = 1, WrittenBytes = 16L * 1024 * 1024, FileSizeBytes = 4L * 1024 * 1024 };

    private static readonly Lazy<CribleEngine> Engine = new(() => CribleEngine.Load(new CribleOptions { Dynamic = ShortRuns }));

    public static Analyser Analyser => Engine.Value.Analyser;

    /// <summary>Compiles <paramref name="source"/> with gcc; fails the test (never skips it) when gcc is missing.</summary>
    public static byte[] CompileC(string source)
    {
        Assert.True(File.Exists("/usr/bin/gcc"), "gcc is missing: run scripts/install-deps.sh test");
        var folder = Directory.CreateTempSubdirectory("crible-gcc-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "sample.c"), source);
            var start = new ProcessStartInfo("/usr/bin/gcc") { WorkingDirectory = folder.FullName, RedirectStandardError = true };
            foreach (var argument in new[] { "-O0", "-w", "-o", "sample", "sample.c" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "gcc failed: " + errors);
            return File.ReadAllBytes(Path.Combine(folder.FullName, "sample"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public static Task<Report> RunAsync(byte[] sample, string name) => Analyser.AnalyseAsync(sample, name);

    public static Task<Report> RunScriptAsync(string script, string name) => RunAsync(Encoding.UTF8.GetBytes(script), name);

    public static Finding Finding(Report report, string id, int node = 0) =>
        Assert.Single(report.Nodes[node].Findings, f => f.Scanner == "sandbox" && f.Id == id);

    public static string Timeline(Report report, int node = 0) => Finding(report, "behaviour", node).Evidence ?? string.Empty;

    /// <summary>Host processes that are still a sandboxed sample or its tracer.</summary>
    public static List<string> LeftoverSandboxProcesses()
    {
        var found = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                if (commandLine.StartsWith("/work/sample", StringComparison.Ordinal) || commandLine.Contains("strace -f -tt -xx", StringComparison.Ordinal) ||
                    commandLine.Contains(" /work/sample", StringComparison.Ordinal))
                {
                    found.Add($"{Path.GetFileName(folder)}: {commandLine}");
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Not a process, or it ended while we looked.
            }
        }

        return found;
    }

    /// <summary>Waits a little for killed processes to be reaped, then lists what is left.</summary>
    public static async Task<List<string>> LeftoversAfterAsync()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (LeftoverSandboxProcesses().Count == 0)
            {
                return [];
            }

            await Task.Delay(100);
        }

        return LeftoverSandboxProcesses();
    }
}
