namespace LockFirmware.Simulator.Plant;

/// <summary>The hardware a scenario describes (shared contracts page, <c>hardware:</c>).</summary>
public sealed class PlantParameters
{
    /// <summary>Ambient temperature, degrees C (-30..+60).</summary>
    public double TemperatureC { get; set; } = 20;
    /// <summary>Cell chemistry.</summary>
    public Chemistry Chemistry { get; set; } = Chemistry.Alkaline;
    /// <summary>State of charge 0..1.</summary>
    public double StateOfCharge { get; set; } = 1.0;
    /// <summary>True when the door starts open.</summary>
    public bool DoorOpen { get; set; }
    /// <summary>Strike plate offset, mm (0 = aligned).</summary>
    public double StrikeOffsetMm { get; set; }
    /// <summary>Bolt friction multiplier (1 = nominal).</summary>
    public double FrictionFactor { get; set; } = 1.0;
    /// <summary>Initial bolt extension, mm (0 retracted, 25 extended).</summary>
    public double InitialBoltMm { get; set; } = 25;
}
