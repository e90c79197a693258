namespace Crible.Scanners.Signatures.Yara;

/// <summary>libyara failed in a way no rule or file explains (no memory, library missing or broken).</summary>
public sealed class YaraException : Exception
{
    public YaraException()
    {
    }

    public YaraException(string message)
        : base(message)
    {
    }

    public YaraException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
