using Crible.Configuration;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Tests;

/// <summary>The engine as a user gets it by default, shared by the tests that only read from it.</summary>
public static class TestEngine
{
    private static readonly Lazy<CribleEngine> DefaultEngine = new(() => CribleEngine.Load(new CribleOptions()));

    public static Analyser Default => DefaultEngine.Value.Analyser;

    public static Analyser WithLimits(Limits limits, IReadOnlyList<string>? passwords = null) =>
        CribleEngine.Load(new CribleOptions { Limits = limits, Passwords = [.. passwords ?? AnalysisSettings.DefaultPasswords] }).Analyser;

    public static Task<Report> AnalyseAsync(this Analyser analyser, byte[] content, string name, params string[] passwords)
    {
        var data = SampleData.FromBytes(content);
        return analyser.AnalyseAsync(data, name, passwords);
    }
}
