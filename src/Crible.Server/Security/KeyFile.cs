using System.Security.Cryptography;

namespace Crible.Server.Security;

/// <summary>A secret key kept as base64 in a file of the data folder: read when it exists, otherwise made from
/// random bytes and written readable by the service's user only.</summary>
public static class KeyFile
{
    /// <summary>The key's bytes as stored (a stored key of another length is the caller's to refuse); a new key of
    /// <paramref name="length"/> random bytes when the file does not exist.</summary>
    /// <exception cref="FormatException">The file exists but does not hold base64.</exception>
    public static byte[] LoadOrCreate(string path, int length)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = RandomNumberGenerator.GetBytes(length);
        File.WriteAllText(path, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
