using LockFirmware.Access;

namespace LockFirmware
{
    /// <summary>Settings a technician can read and change (console <c>get</c>/<c>set</c>), stored power-safely.</summary>
    public sealed class LockSettings
    {
        /// <summary>Auto-relock delay after an unlock stroke ends, ms; 0 disables (Yale default 30 s, 0-180 s).</summary>
        public int AutoRelockMs = 30000;
        /// <summary>Operating mode.</summary>
        public OperatingMode Mode = OperatingMode.Normal;
        /// <summary>Buzzer volume, permille (Matter SoundVolume: 0 silent, 250 low, 500 medium, 1000 high).</summary>
        public int VolumePermille = 500;
        /// <summary>LED brightness, permille (0 = LED indication off).</summary>
        public int LedBrightnessPermille = 1000;
        /// <summary>Per-unit ADC gain correction from factory calibration, permille.</summary>
        public int AdcGainPermille = 1000;
        /// <summary>Door-ajar time before the alarm, ms.</summary>
        public int DoorAjarMs = 60000;
        /// <summary>Cell chemistry of the pack (<c>battery_chemistry</c>); unknown = detect from the fresh open-circuit voltage.</summary>
        public LockFirmware.Power.CellChemistry BatteryChemistry = LockFirmware.Power.CellChemistry.Unknown;

        /// <summary>Back to factory values.</summary>
        public void Reset()
        {
            AutoRelockMs = 30000;
            Mode = OperatingMode.Normal;
            VolumePermille = 500;
            LedBrightnessPermille = 1000;
            AdcGainPermille = 1000;
            DoorAjarMs = 60000;
            BatteryChemistry = LockFirmware.Power.CellChemistry.Unknown;
        }
    }
}
