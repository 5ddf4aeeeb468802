namespace LockFirmware.Simulator.Engine;

/// <summary>
/// The firmware asked to be polled again at the same instant <see cref="SimulatedLock.MaxPollsPerMs"/> times:
/// its NextPollMs never advanced, so on the device it would never sleep.
/// </summary>
public sealed class FirmwareSpinException(long atMs, int polls, string state)
    : Exception($"firmware spin: polled {polls} times at t={atMs} ms without NextPollMs advancing ({state})")
{
    /// <summary>Scenario time of the spin, ms.</summary>
    public long AtMs { get; } = atMs;
}
