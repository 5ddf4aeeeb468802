namespace LockFirmware.Simulator.Plant;

/// <summary>What the MCU is doing, for energy accounting.</summary>
public enum McuPowerState
{
    /// <summary>Running code (ESP32 active, radio off: ~38 mA).</summary>
    Active,
    /// <summary>Light sleep between events (~1 mA).</summary>
    LightSleep,
    /// <summary>Unpowered (pack removed or brown-out).</summary>
    Off,
}
