using LockFirmware.Hal;

namespace LockFirmware.Tests.Hostile;

/// <summary>
/// The H-bridge, recording how long it stays energised (forward or reverse at a duty above 0) without a break: the
/// longest such stretch, and every stretch over the bound the test gives it.
/// </summary>
public sealed class RigMotor(Func<long> absNow) : IMotorDriver
{
    public BridgeMode Mode { get; private set; } = BridgeMode.Coast;
    public int DutyPermille { get; private set; }
    public bool Energised => (Mode == BridgeMode.Forward || Mode == BridgeMode.Reverse) && DutyPermille > 0;
    /// <summary>Absolute virtual time the current energised stretch began (meaningful while <see cref="Energised"/>).</summary>
    public long EnergisedSinceMs { get; private set; }
    /// <summary>Longest energised stretch finished so far, ms.</summary>
    public long LongestMs { get; private set; }
    public long Commands { get; private set; }
    /// <summary>The last bridge commands (time, mode, duty), for failure messages.</summary>
    public Queue<(long T, BridgeMode Mode, int Duty)> Recent { get; } = new();

    public void SetBridge(BridgeMode mode, int dutyPermille)
    {
        Commands++;
        if (mode != Mode || Recent.Count == 0 || (mode is BridgeMode.Forward or BridgeMode.Reverse) != (Mode is BridgeMode.Forward or BridgeMode.Reverse))
        {
            Recent.Enqueue((absNow(), mode, dutyPermille));
            if (Recent.Count > 12) Recent.Dequeue();
        }
        bool was = Energised;
        Mode = mode;
        DutyPermille = Math.Clamp(dutyPermille, 0, 1000);
        if (was && !Energised) LongestMs = Math.Max(LongestMs, absNow() - EnergisedSinceMs);
        if (!was && Energised) EnergisedSinceMs = absNow();
    }

    /// <summary>Forgets the longest stretch so far (a test measures one phase).</summary>
    public void ResetLongest() => LongestMs = 0;

    /// <summary>The energised stretch running now, ms (0 when off).</summary>
    public long RunningMs => Energised ? absNow() - EnergisedSinceMs : 0;

    /// <summary>The MCU lost its RAM (power, deep sleep): the bridge inputs fall low and it coasts.</summary>
    public void ForceCoast() => SetBridge(BridgeMode.Coast, 0);
}
