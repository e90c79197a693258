namespace Crible.Scanners.Signatures.Yara;

/// <summary>What one scan found.</summary>
/// <param name="Matches">The rules that matched.</param>
/// <param name="ErrorCode">libyara's result, 0 on success; on an error the matches may be missing.</param>
public sealed record YaraScanResult(IReadOnlyList<YaraMatch> Matches, int ErrorCode)
{
    public bool Succeeded => ErrorCode == YaraNative.ErrorSuccess;

    /// <summary>True when the scan stopped at its timeout.</summary>
    public bool TimedOut => ErrorCode == YaraNative.ErrorScanTimeout;

    /// <summary>libyara's name for the error (<c>ERROR_SCAN_TIMEOUT</c>, ...), null on success.</summary>
    public string? ErrorName => Succeeded ? null : YaraErrors.Name(ErrorCode);
}
