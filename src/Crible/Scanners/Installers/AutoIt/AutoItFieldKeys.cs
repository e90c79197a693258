namespace Crible.Scanners.Installers.AutoIt;

/// <summary>The constants AutoIt hides each field of a compiled-script entry with (XOR masks and key seeds); they
/// differ between EA05 and EA06 and are the same in every script of a generation.</summary>
internal sealed record AutoItFieldKeys(
    uint Marker,
    uint NameLength,
    uint NameSeed,
    uint PathLength,
    uint PathSeed,
    uint Size,
    uint Checksum,
    uint DataSeed,
    bool Utf16Names)
{
    public static readonly AutoItFieldKeys Ea05 = new(0x16FA, 0x29BC, 0xA25E, 0x29AC, 0xF25E, 0x45AA, 0xC3D2, 0x22AF, Utf16Names: false);

    public static readonly AutoItFieldKeys Ea06 = new(0x18EE, 0xADBC, 0xB33F, 0xF820, 0xF479, 0x87BC, 0xA685, 0x2477, Utf16Names: true);

    public static AutoItFieldKeys For(AutoItVersion version) => version == AutoItVersion.Ea05 ? Ea05 : Ea06;
}
