using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>A script language as the words of its source betray it.</summary>
/// <param name="Kind">The kind the language is reported as.</param>
/// <param name="Cues">Its signs, each weighted by how rarely other languages show it.</param>
internal sealed record ScriptLanguage(FileKind Kind, IReadOnlyList<ScriptCue> Cues);
