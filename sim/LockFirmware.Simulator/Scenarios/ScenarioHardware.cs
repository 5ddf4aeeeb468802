using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Scenarios;

/// <summary>The <c>hardware:</c> block; defaults are the reference board.</summary>
public sealed class ScenarioHardware
{
    /// <summary>Ambient temperature, °C (-40..85).</summary>
    public double TemperatureC { get; set; } = 20;
    /// <summary>Battery chemistry.</summary>
    public Chemistry Chemistry { get; set; } = Chemistry.Alkaline;
    /// <summary>Battery state of charge, 0..1.</summary>
    public double StateOfCharge { get; set; } = 1.0;
    /// <summary>Door open at the start.</summary>
    public bool DoorOpen { get; set; }
    /// <summary>Strike plate offset, mm.</summary>
    public double StrikeOffsetMm { get; set; }
    /// <summary>Friction multiplier of the bolt and gears.</summary>
    public double FrictionFactor { get; set; } = 1.0;
}
