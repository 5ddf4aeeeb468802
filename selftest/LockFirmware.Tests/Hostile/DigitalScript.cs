namespace LockFirmware.Tests.Hostile;

/// <summary>One digital input's behaviour in a segment (pin level: limit switches and the reed read low when closed).</summary>
public sealed record DigitalScript(DigitalMode Mode, bool High, int PeriodMs)
{
    public static readonly DigitalScript Sane = new(DigitalMode.Plant, false, 1);
    public override string ToString() => Mode switch
    {
        DigitalMode.Plant => "plant",
        DigitalMode.Constant => High ? "high" : "low",
        DigitalMode.Flicker => $"flicker {PeriodMs} ms from {(High ? "high" : "low")}",
        _ => $"random every {PeriodMs} ms",
    };
}
