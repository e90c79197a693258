namespace Crible.Scanners.Signatures.Yara;

/// <summary>The outcome of compiling rule files: the rules of every file that compiled, and what was wrong with
/// the others.</summary>
/// <param name="Rules">The compiled rules of the good files (empty when none was good); the caller disposes it.</param>
/// <param name="Errors">Compile errors; each rejected file has at least one.</param>
/// <param name="Warnings">Compiler warnings about accepted files (slow strings, ...).</param>
/// <param name="Rejected">The files left out because of their errors.</param>
public sealed record YaraCompilation(
    YaraRuleSet Rules,
    IReadOnlyList<YaraCompileMessage> Errors,
    IReadOnlyList<YaraCompileMessage> Warnings,
    IReadOnlyList<YaraSource> Rejected);
