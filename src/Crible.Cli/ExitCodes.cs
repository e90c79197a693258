namespace Crible.Cli;

/// <summary>The command's exit codes, as clamscan users expect them.</summary>
internal static class ExitCodes
{
    public const int Clean = 0;
    public const int Malicious = 1;
    public const int Unanalysable = 2;
    public const int UsageOrIoError = 3;
}
