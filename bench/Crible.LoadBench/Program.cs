using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

// Sends a bounded mix of small documents to a running Crible service on loopback and prints throughput and latency.
// Usage: Crible.LoadBench BASE_URL API_KEY FOLDER [CLIENTS] [REQUESTS] [SECONDS]
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Crible.LoadBench BASE_URL API_KEY FOLDER [CLIENTS=8] [REQUESTS=400] [SECONDS=60]");
    return 3;
}

var baseUrl = new Uri(args[0]);
if (!baseUrl.IsLoopback)
{
    Console.Error.WriteLine("Refusing a non-loopback target: benchmarks only talk to this machine.");
    return 3;
}

var clients = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 8;
var requests = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 400;
var seconds = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 60;
var files = Directory.GetFiles(args[2]).Select(path => (Name: Path.GetFileName(path), Bytes: File.ReadAllBytes(path))).ToArray();

using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", args[1]);
// Warm-up (JIT, first rule scans) outside the measurement.
foreach (var (name, bytes) in files)
{
    using var warm = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
    using var response = await http.PostAsync(new Uri("/api/v1/analyses?wait=60&rescan=true", UriKind.Relative), warm);
}

var latencies = new List<double>();
var failures = 0;
var next = -1;
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
{
    while (!stop.IsCancellationRequested)
    {
        var index = Interlocked.Increment(ref next);
        if (index >= requests)
        {
            return;
        }

        var (name, bytes) = files[index % files.Length];
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsync(new Uri("/api/v1/analyses?wait=60&rescan=true", UriKind.Relative), form, stop.Token);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            lock (latencies)
            {
                if (response.IsSuccessStatusCode)
                {
                    latencies.Add(elapsed);
                }
                else
                {
                    failures++;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
    }
}));
clock.Stop();

latencies.Sort();
double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"requests {latencies.Count} ok, {failures} failed, {clients} clients, {files.Length} distinct files, {clock.Elapsed.TotalSeconds:0.0} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"analyses/s {latencies.Count / clock.Elapsed.TotalSeconds:0.0}; latency ms p50 {Percentile(0.50):0} p99 {Percentile(0.99):0} max {Percentile(1.0):0}"));
return failures == 0 ? 0 : 1;
