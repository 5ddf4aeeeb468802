namespace LockFirmware.Tests.Hostile;

/// <summary>One generated hostile run: where it starts, what the inputs do, and the request asked once they are sane again.</summary>
public sealed record HostileCase(bool Provisioned, bool PowerOnStart, int BoltTenths, int NoiseSeed, Segment[] Segments, bool FinalLock)
{
    public override string ToString() =>
        $"provisioned={Provisioned} power_on={PowerOnStart} bolt={BoltTenths / 10.0} mm noise_seed={NoiseSeed} final={(FinalLock ? "lock" : "unlock")}\n  "
        + string.Join("\n  ", Segments.Select(s => s.ToString()));
}
