namespace Crible.Tests;

/// <summary>Tests that measure the process's allocations run alone: any test running beside them would count in
/// GC.GetTotalAllocatedBytes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasuring
{
    public const string Name = "Measures process-wide allocations";
}
