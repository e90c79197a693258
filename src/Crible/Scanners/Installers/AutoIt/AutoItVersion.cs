namespace Crible.Scanners.Installers.AutoIt;

/// <summary>The two generations of compiled AutoIt v3 scripts, named by the marker that follows "AU3!".</summary>
internal enum AutoItVersion
{
    /// <summary>AutoIt 3.0 to 3.2.4: ANSI names, Mersenne Twister keys, the script as text.</summary>
    Ea05,

    /// <summary>AutoIt 3.2.6 and later: UTF-16 names, rotating-generator keys, the script as tokens.</summary>
    Ea06,
}
