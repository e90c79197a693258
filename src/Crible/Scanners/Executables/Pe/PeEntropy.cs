namespace Crible.Scanners.Executables.Pe;

/// <summary>Shannon entropy in bits per byte (0 to 8): compressed or encrypted data is close to 8.</summary>
public static class ShannonEntropy
{
    public static double Of(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[256];
        foreach (var value in data)
        {
            counts[value]++;
        }

        double entropy = 0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / data.Length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }
}
