namespace Crible.Model;

/// <summary>How bad a finding is. Only <see cref="Malicious"/> makes a verdict malicious.</summary>
public enum Severity
{
    Info,
    Suspicious,
    Malicious,
}
