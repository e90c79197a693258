using System.Globalization;
using Jint.Runtime;

namespace Crible.Scanners.Emulation;

/// <summary>The script's clock: real time plus every WScript.Sleep it asked for, which is not slept. Droppers read
/// the date before and after a sleep to tell an emulator (which skips it) from Windows.</summary>
internal sealed class EmulationClock : ITimeSystem
{
    private readonly DefaultTimeSystem _system = new(TimeZoneInfo.Utc, CultureInfo.InvariantCulture);

    public TimeSpan Slept { get; private set; }

    public TimeZoneInfo DefaultTimeZone => _system.DefaultTimeZone;

    public void Sleep(TimeSpan duration) => Slept += duration;

    public DateTimeOffset GetUtcNow() => _system.GetUtcNow() + Slept;

    public bool TryParse(string date, out long epochMilliseconds) => _system.TryParse(date, out epochMilliseconds);

    public TimeSpan GetUtcOffset(long epochMilliseconds) => _system.GetUtcOffset(epochMilliseconds);
}
