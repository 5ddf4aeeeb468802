using LockFirmware.Hal;
using LockFirmware.Runtime;
using LockFirmware.Sensing;

namespace LockFirmware.Power
{
    /// <summary>
    /// Samples the pack at rest every <see cref="RestSamplePeriodMs"/> (averaging a burst of conversions,
    /// as Espressif recommends for the ESP32 ADC) and keeps the latest under-load minimum from strokes.
    /// </summary>
    public sealed class BatteryMonitor
    {
        /// <summary>Rest sampling period: once a minute costs ~40 us of ADC time and a few hundred IL operations.</summary>
        public const int RestSamplePeriodMs = 60000;
        /// <summary>Conversions averaged per rest sample.</summary>
        public const int SamplesPerReading = 8;
        /// <summary>Warning threshold at rest for 4 x AA (Kwikset low battery 4.8 V; shared lock-domain notes).</summary>
        public const int WarningMillivolts = 4800;
        /// <summary>Critical threshold at rest for 4 x AA (Kwikset critical 4.5 V).</summary>
        public const int CriticalMillivolts = 4500;
        /// <summary>Hysteresis before a level improves again.</summary>
        public const int HysteresisMillivolts = 150;
        /// <summary>Lowest plausible reading: below 2 V a 4-cell pack could not power the MCU at all.</summary>
        public const int MinPlausibleMillivolts = 2000;
        /// <summary>Highest plausible reading: 4 fresh Li-FeS2 cells are 7.2 V; 9 V means the divider or ADC failed.</summary>
        public const int MaxPlausibleMillivolts = 9000;

        private readonly IAnalogChannel _channel;
        private readonly AdcScale _scale;
        private long _nextSampleMs;
        private int _restMillivolts;
        private int _lastRawCounts;
        private BatteryLevel _level = BatteryLevel.Ok;
        private bool _plausible = true;

        /// <summary>Creates the monitor.</summary>
        public BatteryMonitor(IAnalogChannel channel, AdcScale scale)
        {
            _channel = channel;
            _scale = scale;
        }

        /// <summary>Latest rest voltage, mV.</summary>
        public int RestMillivolts { get { return _restMillivolts; } }

        /// <summary>Current level.</summary>
        public BatteryLevel Level { get { return _level; } }

        /// <summary>False when the last reading was outside physical limits.</summary>
        public bool Plausible { get { return _plausible; } }

        /// <summary>Raw counts of the last conversion.</summary>
        public int LastRawCounts { get { return _lastRawCounts; } }

        /// <summary>When the next rest sample is due.</summary>
        public long NextPollMs { get { return _nextSampleMs; } }

        /// <summary>Takes a reading now (start-up, after a stroke). Returns true when the level changed.</summary>
        public bool SampleNow(long nowMs)
        {
            long sum = 0;
            for (int i = 0; i < SamplesPerReading; i++)
            {
                _lastRawCounts = _channel.ReadCounts();
                sum += _lastRawCounts;
            }
            int counts = (int)(sum / SamplesPerReading);
            _nextSampleMs = nowMs + RestSamplePeriodMs;
            int mv = _scale.BatteryMillivolts(counts);
            _plausible = !AdcScale.AtRail(counts) && mv >= MinPlausibleMillivolts && mv <= MaxPlausibleMillivolts;
            if (!_plausible) return false;
            _restMillivolts = mv;
            BatteryLevel next = _level;
            if (mv <= CriticalMillivolts) next = BatteryLevel.Critical;
            else if (mv <= WarningMillivolts) next = _level == BatteryLevel.Critical && mv <= CriticalMillivolts + HysteresisMillivolts ? BatteryLevel.Critical : BatteryLevel.Warning;
            else if (mv > WarningMillivolts + HysteresisMillivolts) next = BatteryLevel.Ok;
            else if (_level == BatteryLevel.Critical) next = BatteryLevel.Warning;
            bool changed = next != _level;
            _level = next;
            return changed;
        }

        /// <summary>Samples when due; returns true when the level changed.</summary>
        public bool Poll(long nowMs)
        {
            if (nowMs < _nextSampleMs) return false;
            return SampleNow(nowMs);
        }
    }
}
