using LockFirmware.Hal;

namespace LockFirmware.Simulator.Board;

/// <summary>The MCU's monotonic clock: virtual milliseconds since this power-on.</summary>
public sealed class SimClock(Func<long> simulationMs, long bootMs) : IClock
{
    /// <inheritdoc/>
    public long NowMs => simulationMs() - bootMs;
}
