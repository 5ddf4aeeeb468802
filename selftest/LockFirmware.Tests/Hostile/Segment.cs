namespace LockFirmware.Tests.Hostile;

/// <summary>A stretch of time with one behaviour per input.</summary>
public sealed record Segment(int DurationMs, HostileAction Action, AnalogScript Battery, AnalogScript Current,
    DigitalScript Extended, DigitalScript Retracted, DigitalScript Door, KeypadScript Keypad)
{
    /// <summary>Every input sane, nothing asked.</summary>
    public static Segment Sane(int durationMs, HostileAction action = HostileAction.None) =>
        new(durationMs, action, AnalogScript.Sane, AnalogScript.Sane, DigitalScript.Sane, DigitalScript.Sane, DigitalScript.Sane, KeypadScript.Idle);

    public override string ToString() =>
        $"{DurationMs} ms {Action}: battery {Battery}, current {Current}, extended {Extended}, retracted {Retracted}, door {Door}, keypad {Keypad}";
}
