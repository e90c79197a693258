using Crible.Model;
using Crible.Scanners.Signatures.ClamAv;
using Crible.Scanners.Emulation;
using Crible.Scanners.Dynamic;
using Crible.Scanners.Office.Encryption;

namespace Crible.Configuration;

/// <summary>Everything an operator can set, bound from configuration (<c>crible.json</c>, <c>CRIBLE__...</c>
/// environment variables) and command-line options.</summary>
public sealed class CribleOptions
{
    public Limits Limits { get; set; } = new();

    /// <summary>Passwords tried on encrypted archives and documents, after the ones given with a request; null means
    /// the default list (configuration binding appends to a list, so the default cannot live in it).</summary>
    public List<string>? Passwords { get; set; }

    public SignatureOptions Signatures { get; set; } = new();

    /// <summary>Running Linux programs and scripts in the sandbox under strace.</summary>
    public DynamicAnalysisOptions Dynamic { get; set; } = new();

    /// <summary>Files or sub-files scanned at once; defaults to the number of processors.</summary>
    public int? Concurrency { get; set; }

    /// <summary>Where analyses write their temporary files; defaults to the system's temporary folder.</summary>
    public string? TempDirectory { get; set; }

    /// <summary>How password-protected Office documents are opened (passwords tried, key-derivation cost).</summary>
    public OfficeDecryptionOptions OfficeDecryption { get; set; } = new();

    /// <summary>How script droppers are emulated (budget, bounds, what the emulated network answers).</summary>
    public EmulationOptions Emulation { get; set; } = new();
}

/// <summary>The signature engines' inputs.</summary>
public sealed class SignatureOptions
{
    /// <summary>Load Crible's own rules and hash list (EICAR, the ClamAV test file).</summary>
    public bool BuiltIn { get; set; } = true;

    /// <summary>YARA rule files, or folders searched for <c>*.yar</c> and <c>*.yara</c>.</summary>
    public List<string> YaraRules { get; set; } = [];

    /// <summary>Known-bad hash lists: lines of <c>md5|sha1|sha256[;description]</c>.</summary>
    public List<string> HashLists { get; set; } = [];

    /// <summary>A real clamd as one more engine (off unless its address is set).</summary>
    public ClamAvOptions ClamAv { get; set; } = new();
}
