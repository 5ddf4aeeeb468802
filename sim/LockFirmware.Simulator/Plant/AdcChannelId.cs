namespace LockFirmware.Simulator.Plant;

/// <summary>ADC channels of the board (contract values <c>battery</c>, <c>motor_current</c>).</summary>
public enum AdcChannelId
{
    /// <summary>Battery divider tap.</summary>
    Battery = 0,
    /// <summary>Motor current-sense amplifier output.</summary>
    MotorCurrent = 1,
}
