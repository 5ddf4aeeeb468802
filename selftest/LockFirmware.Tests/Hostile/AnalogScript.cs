namespace LockFirmware.Tests.Hostile;

/// <summary>One ADC channel's behaviour in a segment.</summary>
public sealed record AnalogScript(AnalogMode Mode, int A, int B, int PeriodMs)
{
    public static readonly AnalogScript Sane = new(AnalogMode.Plant, 0, 0, 1);
    public override string ToString() => Mode switch
    {
        AnalogMode.Plant => "plant",
        AnalogMode.Constant => $"stuck {A}",
        AnalogMode.Noise => $"{A}+-{B}",
        AnalogMode.Jump => $"jump {A}/{B} every {PeriodMs} ms",
        _ => "garbage",
    };
}
