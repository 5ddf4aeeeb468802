namespace LockFirmware.Simulator.Plant;

/// <summary>Injectable plant faults (contract names in snake_case, see <see cref="PlantFault.Name"/>).</summary>
public enum PlantFaultKind
{
    /// <summary><c>jam</c>: an obstacle the bolt presses into as a stiff spring.</summary>
    Jam = 0,
    /// <summary><c>strike_offset</c>: the strike hole is offset from the bolt.</summary>
    StrikeOffset = 1,
    /// <summary><c>stiff_actuator</c>: bolt friction multiplied (dirt, dried grease, bent bolt).</summary>
    StiffActuator = 2,
    /// <summary><c>weak_actuator</c>: the motor delivers a fraction of its torque (worn brushes/commutator).</summary>
    WeakActuator = 3,
    /// <summary><c>motor_open_circuit</c>: a motor lead is broken.</summary>
    MotorOpenCircuit = 4,
    /// <summary><c>motor_short</c>: the motor terminals are shorted through a small resistance.</summary>
    MotorShort = 5,
    /// <summary><c>limit_switch_stuck</c>: a limit switch reads one level regardless of the bolt.</summary>
    LimitSwitchStuck = 6,
    /// <summary><c>adc_stuck</c>: an ADC channel returns fixed counts.</summary>
    AdcStuck = 7,
    /// <summary><c>door_sensor_stuck</c>: the door reed switch reads one level regardless of the door.</summary>
    DoorSensorStuck = 8,
}
