using LockFirmware.Hal;

namespace LockFirmware.Sensing
{
    /// <summary>
    /// Converts raw ADC counts to millivolts and milliamps for the reference board, applying the per-unit
    /// gain learned at factory calibration (the ESP32's Vref varies 1000-1200 mV chip to chip, so raw
    /// codes alone are off by up to +-9 %).
    /// </summary>
    public sealed class AdcScale
    {
        /// <summary>Nominal gain: no correction.</summary>
        public const int NominalGainPermille = 1000;

        private int _gainPermille = NominalGainPermille;

        /// <summary>Per-unit gain correction in permille (1000 = nominal). Values outside 850..1150 are refused.</summary>
        public int GainPermille { get { return _gainPermille; } }

        /// <summary>Sets the per-unit gain; returns false (and keeps the old one) when outside the physical range of Vref.</summary>
        public bool SetGain(int gainPermille)
        {
            // 1000-1200 mV around a 1100 mV nominal is -9 %..+9 %; allow a little margin, refuse nonsense.
            if (gainPermille < 850 || gainPermille > 1150) return false;
            _gainPermille = gainPermille;
            return true;
        }

        /// <summary>Voltage at the ADC pin for <paramref name="counts"/>.</summary>
        public int PinMillivolts(int counts)
        {
            long mv = (long)counts * BoardConfig.AdcFullScaleMillivolts * _gainPermille;
            return (int)(mv / ((long)BoardConfig.AdcMaxCounts * 1000));
        }

        /// <summary>Battery pack voltage from the divider tap.</summary>
        public int BatteryMillivolts(int counts)
        {
            return PinMillivolts(counts) * BoardConfig.BatteryDividerRatio;
        }

        /// <summary>Motor current from the shunt amplifier (can be slightly negative from noise around the bias).</summary>
        public int MotorMilliamps(int counts)
        {
            int mv = PinMillivolts(counts) - BoardConfig.CurrentSenseOffsetMillivolts;
            return (int)((long)mv * 1000 / BoardConfig.CurrentSenseMicrovoltsPerMilliamp);
        }

        /// <summary>True when a reading sits at either rail, where the true value cannot be known.</summary>
        public static bool AtRail(int counts)
        {
            return counts <= 0 || counts >= BoardConfig.AdcMaxCounts;
        }
    }
}
