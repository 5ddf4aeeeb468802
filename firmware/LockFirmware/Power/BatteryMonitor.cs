using LockFirmware.Actuation;
using LockFirmware.Hal;
using LockFirmware.Runtime;
using LockFirmware.Sensing;
using LockFirmware.Storage;

namespace LockFirmware.Power
{
    /// <summary>
    /// Samples the pack at rest every <see cref="RestSamplePeriodMs"/> (averaging a burst of conversions, as
    /// Espressif recommends for the ESP32 ADC) and after every stroke, takes each stroke's rest and under-load
    /// readings, and counts the charge the firmware draws; the <see cref="BatteryEstimator"/> turns all of it
    /// into a level, operations and days left, an unlock reserve and a brown-out guard.
    /// </summary>
    public sealed class BatteryMonitor
    {
        /// <summary>
        /// Rest sampling period while awake: every 10 minutes (~2 ms awake at 38 mA plus 8 conversions). In deep sleep
        /// the lock samples at every wake instead (hourly at least, <c>LockController.DeepSleepWakePeriodMs</c>); every
        /// stroke adds a sample anyway, so idle sampling only has to catch a battery swap and slow self-discharge.
        /// </summary>
        public const int RestSamplePeriodMs = 600000;
        /// <summary>Conversions averaged per rest sample.</summary>
        public const int SamplesPerReading = 8;
        /// <summary>The fixed warning threshold commercial locks use for 4 x AA (Kwikset low battery 4.8 V); kept for comparison.</summary>
        public const int FixedWarningMillivolts = 4800;
        /// <summary>The fixed critical threshold (Kwikset critical 4.5 V); kept for comparison.</summary>
        public const int FixedCriticalMillivolts = 4500;
        /// <summary>Lowest plausible reading: below 2 V a 4-cell pack could not power the MCU at all.</summary>
        public const int MinPlausibleMillivolts = 2000;
        /// <summary>Highest plausible reading: 4 fresh Li-FeS2 cells are 7.2 V; 9 V means the divider or ADC failed.</summary>
        public const int MaxPlausibleMillivolts = 9000;
        /// <summary>
        /// A reading this soon after a stroke is not a rest (open-circuit) voltage: the cells' polarisation (E91: about
        /// a third of the 0.18 Ohm pulse resistance, relaxing over a couple of seconds, slower in the cold) still holds the
        /// pack tens of mV low, 100+ mV near the end of life. The rest sample is taken 10 s after the stroke instead (the
        /// lock stays awake 60 s after an operation anyway).
        /// </summary>
        public const int SettleAfterStrokeMs = 10000;

        /// <summary>
        /// Longest a due rest sample waits for the LED and buzzer to be off (<see cref="Poll"/>): a gap comes within 600 ms
        /// of any pattern (IndicationPlayer); the bound only guards against an output that never goes off.
        /// </summary>
        public const int MaxIndicationWaitMs = 60000;

        /// <summary>
        /// While a rest sample waits for the LED and buzzer to go off, it is tried again this often: under the shortest gap
        /// between flashes (300 ms, IndicationPlayer.FlashGapMs), so a retry lands in one whatever the flash length.
        /// </summary>
        public const int IndicationRetryMs = 250;

        private readonly IAnalogChannel _channel;
        private readonly AdcScale _scale;
        private readonly BatteryEstimator _estimator = new BatteryEstimator();
        private readonly PowerBudget _budget = new PowerBudget();
        private long _nextSampleMs;
        private long _settledAtMs = long.MinValue;
        private long _indicationWaitFromMs = long.MinValue;
        private int _restMillivolts;
        private int _lastRawCounts;
        // The last rest reading was taken at the end of a boot (SampleAtStart, SampleAfterWake).
        private bool _restAtBoot;
        private bool _plausible = true;

        /// <summary>Creates the monitor.</summary>
        public BatteryMonitor(IAnalogChannel channel, AdcScale scale)
        {
            _channel = channel;
            _scale = scale;
        }

        /// <summary>Latest rest voltage, mV.</summary>
        public int RestMillivolts { get { return _restMillivolts; } }

        /// <summary>Current level (Matter BatChargeLevel) from the estimator.</summary>
        public BatteryLevel Level { get { return _estimator.Level; } }

        /// <summary>The gauge.</summary>
        public BatteryEstimator Estimator { get { return _estimator; } }

        /// <summary>The firmware's own charge count (MCU, LED, buzzer).</summary>
        public PowerBudget Budget { get { return _budget; } }

        /// <summary>False when the last reading was outside physical limits.</summary>
        public bool Plausible { get { return _plausible; } }

        /// <summary>Raw counts of the last conversion.</summary>
        public int LastRawCounts { get { return _lastRawCounts; } }

        /// <summary>When the next rest sample is due.</summary>
        public long NextPollMs { get { return _nextSampleMs; } }

        /// <summary>The chemistry the settings name (<c>battery_chemistry</c>; unknown = detect): see <see cref="BatteryEstimator.Configure"/>.</summary>
        public void Configure(CellChemistry chemistry) { _estimator.Configure(chemistry); }

        /// <summary>
        /// The ADC gain changed from <paramref name="oldGainPermille"/> to <paramref name="newGainPermille"/> (the factory
        /// trim or a technician's <c>set adc_gain</c>): the rest readings kept from before are put on the new scale.
        /// Without it the next stroke measured its load voltage on the new scale against a rest reading on the old one:
        /// with a unit's Vref 9 % low the install stroke read a fresh 491 milliohm pack as 2,884, which the battery record
        /// carried across the restart into a false <c>battery_critical</c>; and the next rest reading could jump by more
        /// than <see cref="BatteryEstimator.SwapJumpMillivolts"/> and be taken for a new pack.
        /// </summary>
        public void OnAdcGainChanged(int oldGainPermille, int newGainPermille)
        {
            if (oldGainPermille <= 0 || newGainPermille <= 0) return;
            if (_restMillivolts > 0) _restMillivolts = IntMath.MulDiv(_restMillivolts, newGainPermille, oldGainPermille);
            _estimator.RescaleVoltages(oldGainPermille, newGainPermille);
        }

        /// <summary>Takes a reading now (start-up, after a stroke). Returns true when the level changed.</summary>
        public bool SampleNow(long nowMs)
        {
            return Sample(nowMs, false);
        }

        /// <summary>
        /// Takes the start-up reading (power-on, brown-out, software reset): under the boot load, so the gauge takes it as
        /// standing alone until the first stroke measures the pack (<see cref="BatteryEstimator.NoteBootReading"/>).
        /// Returns true when the level changed.
        /// </summary>
        public bool SampleAtStart(long nowMs)
        {
            bool changed = SampleAfterWake(nowMs);
            _estimator.NoteBootReading();
            return changed;
        }

        /// <summary>Takes the reading after a deep-sleep wake (under the boot load, like the start-up one). True when the level changed.</summary>
        public bool SampleAfterWake(long nowMs)
        {
            bool changed = Sample(nowMs, false);
            _restAtBoot = true;
            return changed;
        }

        /// <summary>
        /// Set while <c>battery_sensor_fault</c> stands (LockController, every poll): the channel is still read for plausibility,
        /// but no reading goes to the gauge. A channel frozen at a plausible value above the pack's fed the estimator a rest
        /// voltage 1.2 V high (taken for a new pack), and once repaired an 80 % pack read 41 permille and `battery_low` (blind
        /// acceptance tests, 2026-11-28).
        /// </summary>
        public bool ChannelDistrusted { get; set; }

        private bool Sample(long nowMs, bool indicating)
        {
            long sum = 0;
            for (int i = 0; i < SamplesPerReading; i++)
            {
                _lastRawCounts = _channel.ReadCounts();
                sum += _lastRawCounts;
            }
            int counts = (int)(sum / SamplesPerReading);
            int mv = _scale.BatteryMillivolts(counts);
            _plausible = !AdcScale.AtRail(counts) && mv >= MinPlausibleMillivolts && mv <= MaxPlausibleMillivolts;
            if (ChannelDistrusted)
            {
                _nextSampleMs = nowMs + RestSamplePeriodMs;
                return false;
            }
            if (nowMs < _settledAtMs)
            {
                // Still relaxing after a stroke: checked for plausibility only; the rest sample comes once settled.
                _nextSampleMs = _settledAtMs;
                return false;
            }
            if (indicating)
            {
                // Loaded by the LED or buzzer: checked for plausibility only; the rest sample is tried again shortly (Poll).
                if (_indicationWaitFromMs == long.MinValue) _indicationWaitFromMs = nowMs;
                if (nowMs - _indicationWaitFromMs < MaxIndicationWaitMs)
                {
                    _nextSampleMs = nowMs + IndicationRetryMs;
                    return false;
                }
            }
            _indicationWaitFromMs = long.MinValue;
            _nextSampleMs = nowMs + RestSamplePeriodMs;
            if (!_plausible) return false;
            // Every rest reading is kept at the awake MCU's current, the state the gauge's open-circuit voltage, the two-point
            // resistance and the brown-out guard assume: a reading out of light sleep sits the awake current x the pack
            // resistance higher (100-150 mV on a cold or nearly empty pack). Mixed in, such readings lifted the filtered rest
            // voltage by tens of mV after every stroke's settled sample, and the lock stroke that followed (its rest reading
            // the settled one) measured the pack resistance ~25 % high.
            if (_budget.SleptUntilNow) mv = _estimator.AwakeMillivolts(mv);
            _restMillivolts = mv;
            _restAtBoot = false;
            return _estimator.OnRestSample(nowMs, mv);
        }

        /// <summary>
        /// Samples when due and the pack is at rest; returns true when the level changed. <paramref name="indicating"/>: the
        /// LED or buzzer is on (a flash or beep of a pattern). They draw up to ~12 mA from the pack (red LED 4.8 mA through 270 ohm, buzzer
        /// 15 mA at full volume), which pulls a pack's terminals that times its resistance down: 20 mV on a 10 % alkaline
        /// pack at +20 C (1.7 ohm), 40 mV near the end of a cold one (3.3 ohm), the size of the rest-voltage offsets that
        /// move the estimate near the end (docs/power.md). The rest sample waits for a gap in the pattern (flashes are 200-600 ms,
        /// gaps 300-900 ms), at most <see cref="MaxIndicationWaitMs"/>; the channel is still read for plausibility meanwhile.
        /// </summary>
        public bool Poll(long nowMs, bool indicating)
        {
            if (nowMs < _nextSampleMs) return false;
            return Sample(nowMs, indicating);
        }

        /// <summary>A stroke ended: feeds its rest and under-load readings and motor charge. True when the level changed.</summary>
        public bool OnStroke(long nowMs, StrokeRecord record)
        {
            return OnStroke(nowMs, record, true);
        }

        /// <summary>
        /// A stroke ended; <paramref name="fullDuty"/> false when it ran duty-limited (PWM chops the pack current,
        /// so its peak motor current and minimum voltage do not measure the pack's resistance).
        /// </summary>
        public bool OnStroke(long nowMs, StrokeRecord record, bool fullDuty)
        {
            // Sum of mA samples taken every SamplePeriodMs: mA x ms = microcoulombs. Not from a stroke run without believing the
            // current channel (StrokeRecord.WithoutCurrent): a frozen reading would count a charge the pack never gave, or
            // none, and measure a resistance that is no property of the pack. The stroke's charge then goes uncounted.
            if (record.WithoutCurrent) fullDuty = false;
            long motorUc = record.WithoutCurrent ? 0 : record.CurrentSum * ActuationTuning.SamplePeriodMs;
            _settledAtMs = nowMs + SettleAfterStrokeMs;
            _nextSampleMs = IntMath.Min(_nextSampleMs, _settledAtMs);
            if (record.WithoutBattery)
            {
                // Run without believing the battery channel (StrokeRecord.WithoutBattery): its charge is counted, its readings
                // are no pack's (a repaired channel's first stroke fed the frozen value to the gauge as the rest voltage: an
                // 80 % pack read at 41 permille and battery_low, blind acceptance tests). The settled sample after it is.
                _estimator.AddCharge(motorUc);
                return false;
            }
            int minMv = record.MinBatteryMillivolts == int.MaxValue ? 0 : record.MinBatteryMillivolts;
            bool boot = _estimator.BootReadingOnly;
            bool atBoot = _restAtBoot && record.RestBatteryMillivolts == _restMillivolts;
            int strokeMa = _estimator.StrokeCurrentMilliamps(record.PeakMilliamps, record.RunningMilliamps, fullDuty);
            bool changed = _estimator.OnStroke(nowMs, record.RestBatteryMillivolts, minMv, strokeMa, motorUc, fullDuty, atBoot);
            // The first measurement put the start-up reading on the awake current: the next stroke's rest reading is that.
            if (boot && !_estimator.BootReadingOnly && _restMillivolts == record.RestBatteryMillivolts)
            {
                _restMillivolts = _estimator.RestMillivolts;
                _restAtBoot = false;
            }
            return changed;
        }

        /// <summary>
        /// A pack test ended (BoltDrive.PackProbePermille): its charge is counted, and its reading goes to the gauge
        /// (<see cref="BatteryEstimator.OnPackProbe"/>). Returns true when it replaced the pack resistance (the cells had
        /// warmed): the rest voltage is then the test's own settled reading, and the level was re-evaluated.
        /// </summary>
        public bool OnPackProbe(long nowMs, StrokeRecord record)
        {
            // The press's charge (mA x ms = uC), which no stroke record counts.
            _estimator.AddCharge((long)record.PressPackMilliamps * ActuationTuning.ProbePressMs);
            bool plausible = record.PressRestMillivolts >= MinPlausibleMillivolts && record.PressRestMillivolts <= MaxPlausibleMillivolts;
            if (!plausible || !_estimator.OnPackProbe(nowMs, record.PressRestMillivolts, record.PressPackMilliohms)) return false;
            _restMillivolts = record.PressRestMillivolts;
            _restAtBoot = false;
            return true;
        }

        /// <summary>Counts the charge of the interval since the last poll (MCU state, LED, buzzer).</summary>
        public void Account(long nowMs, long nextPollMs, long ledOnMs, long buzzerOnMs)
        {
            _estimator.AddCharge(_budget.Account(nowMs, nextPollMs, ledOnMs, buzzerOnMs));
        }

        /// <summary>Writes the monitor's and the gauge's state before deep sleep.</summary>
        public void WriteState(ByteWriter w)
        {
            w.Int32(_restMillivolts);
            _estimator.WriteState(w);
        }

        /// <summary>
        /// Restores the state written before a deep sleep and charges the sleep and the boot that ended it
        /// (<paramref name="sleptMs"/> since the record was written). False when the record was unusable.
        /// </summary>
        public bool ReadState(ByteReader r, long nowMs, long sleptMs)
        {
            int rest = r.Int32();
            if (!_estimator.ReadState(r, nowMs)) return false;
            _restMillivolts = rest;
            _estimator.AddCharge(PowerBudget.DeepSleepMicrocoulombs(sleptMs));
            return true;
        }

        /// <summary>Duty cap for the next stroke (1000 = none; 0 = refuse, it would brown out).</summary>
        public int DutyCapPermille(bool locking)
        {
            return _estimator.MaxDutyPermille(locking);
        }
    }
}
