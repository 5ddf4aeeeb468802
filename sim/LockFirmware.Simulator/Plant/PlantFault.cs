namespace LockFirmware.Simulator.Plant;

/// <summary>One injected fault with its parameters (unused parameters keep their defaults).</summary>
public sealed class PlantFault
{
    /// <summary>Which fault.</summary>
    public PlantFaultKind Kind { get; init; }
    /// <summary>Jam: bolt extension where the obstacle sits, mm.</summary>
    public double PositionMm { get; init; } = 8;
    /// <summary>Jam: obstacle stiffness, N/mm.</summary>
    public double StiffnessNPerMm { get; init; } = 200;
    /// <summary>Strike offset, mm.</summary>
    public double OffsetMm { get; init; } = 4;
    /// <summary>Stiff actuator friction factor / weak actuator torque factor.</summary>
    public double Factor { get; init; } = 1;
    /// <summary>Limit switch stuck: true for the extended switch, false for the retracted one.</summary>
    public bool ExtendedSwitch { get; init; }
    /// <summary>Switch or sensor stuck level: true = closed.</summary>
    public bool StuckClosed { get; init; }
    /// <summary>ADC stuck: true for the battery channel, false for motor current.</summary>
    public bool BatteryChannel { get; init; }
    /// <summary>ADC stuck counts.</summary>
    public int Counts { get; init; }
}
