using System.Text.Json.Serialization;

namespace Crible.Model;

/// <summary>How a node came out of its parent.</summary>
public enum Relation
{
    /// <summary>The file that was submitted.</summary>
    [JsonStringEnumMemberName("root")]
    Root,

    /// <summary>A member of an archive or container.</summary>
    [JsonStringEnumMemberName("extracted")]
    Extracted,

    /// <summary>An object embedded in a document (OLE object, attachment, resource).</summary>
    [JsonStringEnumMemberName("embedded")]
    Embedded,

    /// <summary>Content decoded from the parent (base64 blob, decompressed stream, deobfuscated script).</summary>
    [JsonStringEnumMemberName("decoded")]
    Decoded,

    /// <summary>A file written by the sample while it ran (emulation or sandbox).</summary>
    [JsonStringEnumMemberName("dropped")]
    Dropped,
}
