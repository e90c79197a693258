using Crible.Identification;
using Crible.Model;

namespace Crible.Tests.Identification;

/// <summary>One identifier for the identification tests (building it reflects over the assembly once).</summary>
internal static class Identify
{
    private static readonly FileIdentifier Identifier = FileIdentifier.CreateDefault();

    public static string Bytes(byte[] bytes, string name = "sample") => Identifier.Identify(SampleData.FromBytes(bytes), name).Name;

    public static string File(string path, string? name = null) =>
        Identifier.Identify(SampleData.FromFile(path), name ?? Path.GetFileName(path)).Name;

    public static string Text(string text, string name = "sample") => Bytes(System.Text.Encoding.UTF8.GetBytes(text), name);
}
