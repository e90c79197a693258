using dnlib.DotNet;

namespace Crible.Scanners.Executables.Pe;

/// <summary>What the .NET metadata of an assembly says: its name, what it references that loaders and injectors use,
/// its P/Invoke imports (which count as imports for the API sets) and the offsets of embedded programs in its
/// managed resources.</summary>
public sealed record DotNetFacts(
    string AssemblyName,
    string Runtime,
    IReadOnlyList<string> ReflectiveLoads,
    IReadOnlyList<string> DynamicCode,
    IReadOnlyList<PeImport> PInvokes,
    IReadOnlyList<(string Name, byte[] Data)> EmbeddedPrograms);

/// <summary>Reads .NET metadata with dnlib (a managed reader written for hostile assemblies).</summary>
public static class DotNetMetadata
{
    private const int MaxMembers = 200_000;
    private const int MaxResourcePrograms = 16;

    /// <summary>The facts, or null with a reason when dnlib cannot read the metadata.</summary>
    public static (DotNetFacts? Facts, string? Problem) Read(byte[] image)
    {
        try
        {
            using var module = ModuleDefMD.Load(image, new ModuleCreationOptions { TryToLoadPdbFromDisk = false });
            var loads = new List<string>();
            var dynamic = new List<string>();
            foreach (var member in module.GetMemberRefs().Take(MaxMembers))
            {
                var type = member.DeclaringType?.FullName ?? string.Empty;
                var signature = member.MethodSig?.Params.Select(p => p.FullName) ?? [];
                if (member.Name == "Load" && type is "System.Reflection.Assembly" or "System.AppDomain" && signature.FirstOrDefault() == "System.Byte[]")
                {
                    loads.Add($"{type}::Load(byte[])");
                }
                else if (type.StartsWith("System.Reflection.Emit.", StringComparison.Ordinal) || (type == "System.Runtime.InteropServices.Marshal" && member.Name == "GetDelegateForFunctionPointer"))
                {
                    dynamic.Add($"{type}::{member.Name}");
                }
            }

            var pinvokes = module.GetTypes().SelectMany(t => t.Methods).Where(m => m.ImplMap is not null).Take(MaxMembers)
                .Select(m => new PeImport(m.ImplMap.Module?.Name ?? "?", m.ImplMap.Name ?? m.Name)).ToList();
            var programs = module.Resources.OfType<EmbeddedResource>()
                .Select(r => (Name: r.Name.String, Data: r.CreateReader().ToArray()))
                .Where(r => r.Data.Length > 64 && r.Data[0] == 'M' && r.Data[1] == 'Z')
                .Take(MaxResourcePrograms).ToList();
            var name = module.Assembly?.FullName ?? module.Name.String;
            return (new DotNetFacts(name, module.RuntimeVersion ?? "?", loads.Distinct().ToList(), dynamic.Distinct().ToList(), pinvokes, programs), null);
        }
#pragma warning disable CA1031 // dnlib throws many exception types on damaged metadata; each means the same here.
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return (null, $"the .NET metadata could not be read ({exception.GetType().Name}: {exception.Message})");
        }
    }
}
