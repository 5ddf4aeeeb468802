namespace LockFirmware.Tests.Hostile;

/// <summary>The keypad's behaviour in a segment.</summary>
public sealed record KeypadScript(KeypadMode Mode, int PeriodMs, int Mask, string Keys)
{
    public static readonly KeypadScript Idle = new(KeypadMode.None, 1, 0, "");
    public override string ToString() => Mode switch
    {
        KeypadMode.None => "none",
        KeypadMode.RandomKeys => $"random keys every {PeriodMs} ms",
        KeypadMode.Garbage => $"garbage columns {Mask} every {PeriodMs} ms",
        _ => $"typed \"{Keys}\" at {PeriodMs} ms a key",
    };
}
