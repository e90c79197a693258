using System.Diagnostics;

namespace Crible.Tests.Scanners.Mail;

/// <summary>Runs a Debian tool (zip, 7zz, qpdf) that builds a test input, in a private folder.</summary>
public static class ExternalTool
{
    public static bool Exists(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(folder => File.Exists(Path.Combine(folder, program)));

    /// <summary>Runs <paramref name="program"/> in <paramref name="folder"/> and fails the test when it fails.</summary>
    public static void Run(string folder, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit(60_000);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {stderr.Result}");
    }

    /// <summary>A ZIP with one member encrypted with ZipCrypto under <paramref name="password"/>, built with Debian's
    /// zip (or 7zz).</summary>
    public static byte[] EncryptedZip(string memberName, byte[] content, string password)
    {
        var folder = Directory.CreateTempSubdirectory("crible-zip-");
        try
        {
            File.WriteAllBytes(Path.Combine(folder.FullName, memberName), content);
            if (Exists("zip"))
            {
                Run(folder.FullName, "zip", "-q", "-P", password, "out.zip", memberName);
            }
            else
            {
                Assert.True(Exists("7zz"), "Building an encrypted ZIP needs Debian's zip: run scripts/install-deps.sh test");
                Run(folder.FullName, "7zz", "a", "-bd", "-tzip", "-mem=ZipCrypto", $"-p{password}", "out.zip", memberName);
            }

            return File.ReadAllBytes(Path.Combine(folder.FullName, "out.zip"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
