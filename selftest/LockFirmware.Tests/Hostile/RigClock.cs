using LockFirmware.Hal;

namespace LockFirmware.Tests.Hostile;

/// <summary>The monotonic clock: the rig's virtual time since the last power-on.</summary>
public sealed class RigClock(Func<long> now) : IClock
{
    public long NowMs => now();
}
