namespace LockFirmware.Simulator.Plant;

/// <summary>What the ESP32 is doing, which sets its supply current (ESP32 datasheet, radio off).</summary>
public enum McuPowerState
{
    /// <summary>CPU running, radio off: about 38 mA (ESP32 datasheet, modem-sleep at 80-160 MHz).</summary>
    Active = 0,
    /// <summary>Light sleep between events: about 0.8-1 mA (ESP32 datasheet: 0.8 mA).</summary>
    LightSleep = 1,
    /// <summary>No code running (held in reset, or no firmware): draws nothing.</summary>
    Off = 2,
    /// <summary>Deep sleep with RTC timer and RTC memory: about 10 uA (ESP32 datasheet).</summary>
    DeepSleep = 3,
    /// <summary>
    /// Restarting after a deep-sleep wake (bootloader, image load, nanoCLR start): CPU and flash busy, about 45 mA
    /// for <c>SimulatedLock.DeepSleepBootMs</c>.
    /// </summary>
    Booting = 4,
}
