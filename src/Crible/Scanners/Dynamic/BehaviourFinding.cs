using Crible.Model;

namespace Crible.Scanners.Dynamic;

/// <summary>A finding drawn from a run's timeline, before it is reported in the scanner's name.</summary>
internal sealed record BehaviourFinding(string Id, Severity Severity, string Title, string Evidence, IReadOnlyList<string> Attack);

/// <summary>Facts of one run the rules need besides the timeline.</summary>
/// <param name="SamplePath">The sample's path inside the sandbox.</param>
/// <param name="DecoyPaths">The decoy documents put in the sandbox's home, as the sample sees them.</param>
internal sealed record RunFacts(string SamplePath, IReadOnlySet<string> DecoyPaths);
