using System;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// The hardware a scenario describes (shared contracts page, <c>hardware:</c>) plus the start position.
/// Defaults: 20 C, fresh alkaline pack, door closed, strike aligned, nominal friction, bolt thrown (locked).
/// </summary>
public sealed class PlantParameters
{
    /// <summary>Ambient temperature, C (the lock is soaked at it). Range -40..+85, the ESP32-WROOM-32 operating range the scenario contract offers; above 60 C the cells' resistance curves hold their 60 C value (beyond the cell datasheets).</summary>
    public double TemperatureC { get; set; } = 20;

    /// <summary>Cell chemistry.</summary>
    public Chemistry Chemistry { get; set; } = Chemistry.Alkaline;

    /// <summary>State of charge of the pack, 0..1.</summary>
    public double StateOfCharge { get; set; } = 1.0;

    /// <summary>Door position (closed, ajar or open).</summary>
    public DoorPosition Door { get; set; } = DoorPosition.Closed;

    /// <summary>True when the door starts open (the contract's <c>door: open</c>); same as <see cref="Door"/> = Open.</summary>
    public bool DoorOpen
    {
        get => Door != DoorPosition.Closed;
        set => Door = value ? DoorPosition.Open : DoorPosition.Closed;
    }

    /// <summary>Strike-hole offset from the bolt as installed, mm (on top of any strike_offset fault).</summary>
    public double StrikeOffsetMm { get; set; }

    /// <summary>Multiplier on bolt friction as installed (1 = nominal).</summary>
    public double FrictionFactor { get; set; } = 1.0;

    /// <summary>Bolt extension at the start, mm (0 = retracted/unlocked, 25 = thrown/locked).</summary>
    public double InitialBoltMm { get; set; } = 25;

    /// <summary>Pack connected at the start.</summary>
    public bool Powered { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> for values outside the modelled ranges.</summary>
    public void Validate()
    {
        if (double.IsNaN(TemperatureC) || TemperatureC < -40 || TemperatureC > 85)
        {
            throw new ArgumentException($"temperature_c {TemperatureC} is outside -40..85");
        }
        if (double.IsNaN(StateOfCharge) || StateOfCharge < 0 || StateOfCharge > 1)
        {
            throw new ArgumentException($"state_of_charge {StateOfCharge} is outside 0..1");
        }
        if (double.IsNaN(FrictionFactor) || FrictionFactor <= 0 || FrictionFactor > 100)
        {
            throw new ArgumentException($"friction_factor {FrictionFactor} must be in (0, 100]");
        }
        if (double.IsNaN(StrikeOffsetMm) || Math.Abs(StrikeOffsetMm) > 20)
        {
            throw new ArgumentException($"strike_offset_mm {StrikeOffsetMm} is outside -20..20");
        }
        if (double.IsNaN(InitialBoltMm) || InitialBoltMm < 0 || InitialBoltMm > 25)
        {
            throw new ArgumentException($"initial bolt position {InitialBoltMm} mm is outside 0..25");
        }
    }
}
