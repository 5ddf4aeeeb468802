namespace LockFirmware.Simulator.Plant;

/// <summary>Who draws charge from the battery pack (the energy ledger's rows).</summary>
public enum EnergyConsumer
{
    /// <summary>The bolt motor through the H-bridge (negative while the motor regenerates into the pack).</summary>
    Motor = 0,
    /// <summary>The ESP32 through the 3.3 V regulator.</summary>
    Mcu = 1,
    /// <summary>The status LED dies.</summary>
    Led = 2,
    /// <summary>The piezo buzzer.</summary>
    Buzzer = 3,
    /// <summary>The regulator's own quiescent current.</summary>
    Regulator = 4,
    /// <summary>The always-connected battery divider (2 M + 1 M).</summary>
    Divider = 5,
    /// <summary>The H-bridge's supply current while awake.</summary>
    Driver = 6,
    /// <summary>Charge the cells lose by themselves (self-discharge); not drawn through the terminals.</summary>
    SelfDischarge = 7,
    /// <summary>Pull-ups of the wake inputs (door reed, limit switches) while their switch is closed.</summary>
    WakeInputs = 8,
}
