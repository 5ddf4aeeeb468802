namespace LockFirmware.Simulator.Plant;

/// <summary>Injectable plant faults (names in the shared contracts page).</summary>
public enum PlantFaultKind
{
    /// <summary>An obstacle at a bolt position with a stiffness.</summary>
    Jam,
    /// <summary>Strike plate out of line by some millimetres.</summary>
    StrikeOffset,
    /// <summary>Friction multiplied.</summary>
    StiffActuator,
    /// <summary>Motor torque multiplied (below 1).</summary>
    WeakActuator,
    /// <summary>A motor wire cut.</summary>
    MotorOpenCircuit,
    /// <summary>Motor terminals shorted.</summary>
    MotorShort,
    /// <summary>A limit switch stuck open or closed.</summary>
    LimitSwitchStuck,
    /// <summary>An ADC channel stuck at a count.</summary>
    AdcStuck,
    /// <summary>The door reed switch stuck.</summary>
    DoorSensorStuck,
}
