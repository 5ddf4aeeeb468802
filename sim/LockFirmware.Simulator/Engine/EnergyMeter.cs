using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Engine;

/// <summary>
/// Integrates the charge every consumer draws from the pack in virtual time, so a day's energy budget can be
/// read off: MCU by power state, LED, buzzer and motor. Currents are datasheet figures (shared lock-domain
/// notes: ESP32 active radio off ~38 mA, light sleep 0.8-1.6 mA, deep sleep 3-10 uA); the LED and piezo
/// figures are typical indicator values. The firmware's <c>PowerBudget</c> counts with the same constants.
/// </summary>
public sealed class EnergyMeter
{
    /// <summary>ESP32 active with the radio off, A.</summary>
    public const double ActiveAmps = 0.038;
    /// <summary>ESP32 light sleep (low end of 0.8-1.6 mA), A.</summary>
    public const double LightSleepAmps = 0.0008;
    /// <summary>ESP32 deep sleep with RTC timer and RTC memory (datasheet 10 uA; ext1 wake needs no RTC peripherals), A.</summary>
    public const double DeepSleepAmps = 0.000010;
    /// <summary>ESP32 booting out of deep sleep (bootloader and nanoCLR start, CPU and flash busy; assumption), A.</summary>
    public const double BootAmps = 0.045;
    /// <summary>Status LED at full brightness, A.</summary>
    public const double LedAmps = 0.005;
    /// <summary>Piezo buzzer while sounding, A.</summary>
    public const double BuzzerAmps = 0.005;

    /// <summary>Charge drawn by the MCU while active, C.</summary>
    public double McuActiveCoulombs { get; private set; }
    /// <summary>Charge drawn by the MCU while in light sleep, C.</summary>
    public double McuSleepCoulombs { get; private set; }
    /// <summary>Charge drawn by the MCU while in deep sleep, C.</summary>
    public double McuDeepSleepCoulombs { get; private set; }
    /// <summary>Charge drawn by the MCU while booting out of deep sleep, C.</summary>
    public double McuBootCoulombs { get; private set; }
    /// <summary>Seconds spent in deep sleep.</summary>
    public double DeepSleepSeconds { get; private set; }
    /// <summary>Seconds spent booting out of deep sleep.</summary>
    public double BootSeconds { get; private set; }
    /// <summary>Charge drawn by the LED, C.</summary>
    public double LedCoulombs { get; private set; }
    /// <summary>Charge drawn by the buzzer, C.</summary>
    public double BuzzerCoulombs { get; private set; }
    /// <summary>Charge drawn by the motor (pack side: duty x motor current), C.</summary>
    public double MotorCoulombs { get; private set; }
    /// <summary>Seconds spent active.</summary>
    public double ActiveSeconds { get; private set; }
    /// <summary>Seconds spent asleep.</summary>
    public double SleepSeconds { get; private set; }
    /// <summary>Everything, C.</summary>
    public double TotalCoulombs => McuActiveCoulombs + McuSleepCoulombs + McuDeepSleepCoulombs + McuBootCoulombs + LedCoulombs + BuzzerCoulombs + MotorCoulombs;

    /// <summary>Accounts <paramref name="seconds"/> in the given state.</summary>
    public void Advance(double seconds, McuPowerState mcu, bool ledOn, bool buzzerOn, double packMotorMilliamps)
    {
        if (seconds <= 0) return;
        switch (mcu)
        {
            case McuPowerState.Active: McuActiveCoulombs += ActiveAmps * seconds; ActiveSeconds += seconds; break;
            case McuPowerState.LightSleep: McuSleepCoulombs += LightSleepAmps * seconds; SleepSeconds += seconds; break;
            case McuPowerState.DeepSleep: McuDeepSleepCoulombs += DeepSleepAmps * seconds; DeepSleepSeconds += seconds; break;
            case McuPowerState.Booting: McuBootCoulombs += BootAmps * seconds; BootSeconds += seconds; break;
        }
        if (mcu != McuPowerState.Off)
        {
            if (ledOn) LedCoulombs += LedAmps * seconds;
            if (buzzerOn) BuzzerCoulombs += BuzzerAmps * seconds;
        }
        MotorCoulombs += packMotorMilliamps / 1000 * seconds;
    }
}
