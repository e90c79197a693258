using System.IO.Compression;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Archives;

/// <summary>
/// InstallShield setup launchers (PE files whose overlay carries the installation), read in managed code: the files
/// of the setup-launcher payload are emitted as embedded children, the files of the InstallShield cabinets among
/// them (data1.hdr + dataN.cab, a format 7-Zip does not open) are decompressed and emitted as extracted children,
/// and the obfuscated files of the MSI launcher variant (an MSI package and its settings) are decoded and emitted.
/// </summary>
public sealed class InstallShieldScanner : IScanner
{
    private const int MaxHeaderBytes = 16 * 1024 * 1024;

    public string Name => "installshield";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Kind != FileKinds.Pe || InstallShieldOverlay.Start(item.Data) is not { } overlay)
        {
            return false;
        }

        return InstallShieldSetupFiles.Read(item.Data, overlay, maxRecords: 1).Count > 0 || InstallShieldMsiLauncher.Read(item.Data, overlay) is not null;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (InstallShieldOverlay.Start(item.Data) is not { } overlay)
        {
            return;
        }

        var setupFiles = InstallShieldSetupFiles.Read(item.Data, overlay);
        if (setupFiles.Count > 0)
        {
            context.Report("installshield", Severity.Info, "InstallShield setup launcher", evidence: $"{setupFiles.Count} files in the overlay");
            if (await EmitSetupFilesAsync(item.Data, setupFiles, context, cancellation).ConfigureAwait(false) != EmitResult.Exhausted)
            {
                await EmitCabinetFilesAsync(item.Data, setupFiles, context, cancellation).ConfigureAwait(false);
            }
        }
        else if (InstallShieldMsiLauncher.Read(item.Data, overlay) is { } launcherFiles)
        {
            context.Report("installshield", Severity.Info, "InstallShield setup launcher (MSI)", evidence: $"{launcherFiles.Count} files in the overlay");
            await EmitLauncherFilesAsync(item.Data, launcherFiles, context, cancellation).ConfigureAwait(false);
        }
    }

    private static async Task<EmitResult> EmitSetupFilesAsync(SampleData data, List<InstallShieldSetupFiles.SetupFile> files, ScanContext context, CancellationToken cancellation)
    {
        foreach (var file in files)
        {
            var stream = new InstallShieldRegionStream(data.OpenRead(), file.Offset, file.Length);
            await using (stream.ConfigureAwait(false))
            {
                if (await context.EmitAsync(stream, file.Name, Relation.Embedded, packedSize: null, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
                {
                    return EmitResult.Exhausted;
                }
            }
        }

        return EmitResult.Accepted;
    }

    /// <summary>Decompresses the files that data1.hdr lists from the dataN.cab files of the same payload.</summary>
    private static async Task EmitCabinetFilesAsync(SampleData data, List<InstallShieldSetupFiles.SetupFile> files, ScanContext context, CancellationToken cancellation)
    {
        var header = files.Find(f => f.Name.Equals("data1.hdr", StringComparison.OrdinalIgnoreCase));
        if (header is null)
        {
            return;
        }

        if (header.Length > MaxHeaderBytes)
        {
            context.Incomplete($"installshield: data1.hdr is larger than {MaxHeaderBytes} bytes; the cabinets were not read");
            return;
        }

        var headerBytes = new byte[header.Length];
        SevenZipToolBytes.ReadAt(data, header.Offset, headerBytes);
        var table = InstallShieldCabinet.ReadTable(headerBytes, out var problem);
        if (problem is not null)
        {
            context.Incomplete($"installshield: {problem}");
        }

        foreach (var file in table ?? [])
        {
            if (file.Unsupported)
            {
                context.Incomplete($"installshield: {file.Name} is split across cabinets or obfuscated and was not read");
            }
            else if (file.Readable && await EmitCabinetFileAsync(data, files, file, context, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }
        }
    }

    private static async Task<EmitResult> EmitCabinetFileAsync(
        SampleData data,
        List<InstallShieldSetupFiles.SetupFile> files,
        InstallShieldCabinet.CabinetFile file,
        ScanContext context,
        CancellationToken cancellation)
    {
        var cabinetName = $"data{file.Cabinet}.cab";
        var cabinet = files.Find(f => f.Name.Equals(cabinetName, StringComparison.OrdinalIgnoreCase));
        if (cabinet is null || file.Offset > cabinet.Length || file.CompressedSize > cabinet.Length - file.Offset)
        {
            context.Incomplete($"installshield: {file.Name} lies outside {cabinetName} or {cabinetName} is not in the setup");
            return EmitResult.Refused;
        }

        var name = $"{cabinetName}/{(file.Name.Length > 0 ? file.Name : "(unnamed)")}";
        var stream = new InstallShieldChunkStream(new InstallShieldRegionStream(data.OpenRead(), cabinet.Offset + file.Offset, file.CompressedSize));
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await context.EmitAsync(stream, name, Relation.Extracted, file.CompressedSize, cancellation).ConfigureAwait(false);
            }
            catch (InvalidDataException exception)
            {
                context.Incomplete($"installshield: {name} could not be decompressed ({exception.Message})");
                return EmitResult.Refused;
            }
        }
    }

    private static async Task EmitLauncherFilesAsync(SampleData data, List<InstallShieldMsiLauncher.LauncherFile> files, ScanContext context, CancellationToken cancellation)
    {
        foreach (var file in files)
        {
            var region = new InstallShieldRegionStream(data.OpenRead(), file.Offset, file.StoredSize);
            var stream = new ZLibStream(new InstallShieldObfuscatedStream(region, file.NameBytes), CompressionMode.Decompress);
            await using (stream.ConfigureAwait(false))
            {
                try
                {
                    if (await context.EmitAsync(stream, file.Name, Relation.Extracted, file.StoredSize, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
                    {
                        return;
                    }
                }
                catch (InvalidDataException exception)
                {
                    context.Incomplete($"installshield: {file.Name} could not be decoded ({exception.Message})");
                }
            }
        }
    }
}
