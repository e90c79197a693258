namespace Crible.Scanners.Executables.Pe;

/// <summary>One entry of a PE section table, with its name cleaned for display.</summary>
public sealed record PeSection(string Name, byte[] RawName, long VirtualAddress, long VirtualSize, long RawPointer, long RawSize, uint Characteristics)
{
    public const uint Executable = 0x20000000;
    public const uint Writable = 0x80000000;
    public const uint ContainsCode = 0x00000020;

    public bool IsExecutable => (Characteristics & (Executable | ContainsCode)) != 0;

    public bool IsWritable => (Characteristics & Writable) != 0;

    /// <summary>How much of the section's address range the file backs.</summary>
    public long MappedSize => Math.Max(VirtualSize, RawSize);

    public bool Contains(long rva) => rva >= VirtualAddress && rva < VirtualAddress + Math.Max(MappedSize, 1);
}
