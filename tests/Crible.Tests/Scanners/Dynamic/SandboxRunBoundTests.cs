using System.Formats.Tar;
using System.Text;
using Crible.Configuration;
using Crible.Model;
using Crible.Scanners.Dynamic;

namespace Crible.Tests.Scanners.Dynamic;

/// <summary>The number of runs per analysis is bounded, and dynamic analysis can be turned off.</summary>
public sealed class SandboxRunBoundTests
{
    [Fact]
    public async Task Programs_past_the_run_bound_are_said_not_run_and_the_file_stays_analysed()
    {
        using var engine = CribleEngine.Load(new CribleOptions { Dynamic = new DynamicAnalysisOptions { MaxRunsPerAnalysis = 2, Timeout = TimeSpan.FromSeconds(4) } });

        var report = await engine.Analyser.AnalyseAsync(ScriptsTar(3), "scripts.tar");

        var sandboxed = report.Nodes.Where(n => n.Kind == "shell").ToList();
        Assert.Equal(3, sandboxed.Count);
        Assert.Equal(2, sandboxed.Count(n => n.Findings.Any(f => f.Id == "behaviour")));
        Assert.Contains("MaxRunsPerAnalysis", Assert.Single(sandboxed.SelectMany(n => n.Findings), f => f.Id == "not-run").Evidence, StringComparison.Ordinal);
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Fact]
    public async Task Disabled_dynamic_analysis_runs_nothing()
    {
        using var engine = CribleEngine.Load(new CribleOptions { Dynamic = new DynamicAnalysisOptions { Enabled = false } });

        var report = await engine.Analyser.AnalyseAsync(ScriptsTar(1), "scripts.tar");

        Assert.DoesNotContain(report.AllFindings, f => f.Finding.Scanner == "sandbox");
    }

    private static byte[] ScriptsTar(int count)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, $"script{i}.sh") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes($"#!/bin/sh\necho step {i} > /tmp/out{i}\n")) };
                writer.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }
}
