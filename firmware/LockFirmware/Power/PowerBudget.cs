using LockFirmware.Runtime;

namespace LockFirmware.Power
{
    /// <summary>
    /// The firmware's own count of the charge it draws besides the motor: MCU awake, in light sleep, in deep sleep and
    /// booting out of it, the board's always-on loads, LED and buzzer on-time (from the indication player's counters).
    /// Awake time is inferred from the poll cadence: an interval the firmware asked to be woken within
    /// <see cref="BusyPollMs"/> (motor running, keys scanned) was spent awake; a longer one was light sleep plus
    /// <see cref="WakeCostMs"/> of awake time. A deep sleep is charged on the next start (<see cref="DeepSleepMicrocoulombs"/>).
    /// Currents are datasheet figures (shared lock-domain notes, ESP32 datasheet); the simulator's plant uses the same ones.
    /// </summary>
    public sealed class PowerBudget
    {
        /// <summary>ESP32 active, radio off: about 38 mA (lock-domain notes, ESP32 current).</summary>
        public const int ActiveMicroamps = 38000;
        /// <summary>ESP32 light sleep: 0.8-1.6 mA (lock-domain notes); the low end, with peripherals off.</summary>
        public const int SleepMicroamps = 800;
        /// <summary>
        /// The step of the MCU's own current from light sleep to awake, mA (<see cref="ActiveMicroamps"/> less
        /// <see cref="SleepMicroamps"/>): a reading out of light sleep sits this times the pack resistance above an awake one
        /// (BatteryEstimator.AwakeMillivolts, the pack test's two points in BoltDrive).
        /// </summary>
        public const int WakeStepMilliamps = (ActiveMicroamps - SleepMicroamps) / 1000;
        /// <summary>ESP32 deep sleep with the RTC timer and RTC memory: 10 uA (ESP32 datasheet, power consumption by mode).</summary>
        public const int DeepSleepMicroamps = 10;
        /// <summary>
        /// Always-on board loads: MCP1703A regulator quiescent 2 uA, the 2 M + 1 M battery divider ~2 uA, the DRV8833
        /// asleep 1.6 uA, and the 1 M pull-ups of the closed door reed and the closed limit switch 3.3 uA each (BoardConfig).
        /// </summary>
        public const int BoardQuiescentMicroamps = 12;
        /// <summary>
        /// Time from a deep-sleep wake to the firmware running: ROM and second-stage bootloader (image validation alone
        /// is ~360 ms on the ESP32 unless skipped for deep-sleep wakes, ESP-IDF BOOTLOADER_SKIP_VALIDATE_IN_DEEP_SLEEP)
        /// plus the nanoCLR start (heap, assembly load and type resolution, static constructors): 800 ms assumed,
        /// to be measured on the device.
        /// </summary>
        public const int BootMs = 800;
        /// <summary>Supply current while booting (CPU at full clock, flash reads): 45 mA assumed.</summary>
        public const int BootMicroamps = 45000;
        /// <summary>Status LED at full brightness: an indicator LED driven at about 5 mA.</summary>
        public const int LedMicroamps = 5000;
        /// <summary>Piezo transducer driven from a GPIO: a few mA; 5 mA assumed.</summary>
        public const int BuzzerMicroamps = 5000;
        /// <summary>A poll interval this short means the firmware stayed awake (5 ms motor, 10 ms key scan).</summary>
        public const int BusyPollMs = 20;
        /// <summary>Awake time per wake from light sleep (wake-up, one poll, back to sleep).</summary>
        public const int WakeCostMs = 2;

        /// <summary>Charge of a deep sleep of <paramref name="sleptMs"/> and the boot that ended it, microcoulombs.</summary>
        public static long DeepSleepMicrocoulombs(long sleptMs)
        {
            long asleep = IntMath.Max(sleptMs - BootMs, 0);
            return asleep * (DeepSleepMicroamps + BoardQuiescentMicroamps) / 1000 + (long)BootMs * (BootMicroamps + BoardQuiescentMicroamps) / 1000;
        }

        private long _lastMs = -1;
        private bool _busy;
        private long _ledOnMs;
        private long _buzzerOnMs;
        private long _awakeMs;
        private long _asleepMs;

        /// <summary>Time counted awake, ms.</summary>
        public long AwakeMs { get { return _awakeMs; } }
        /// <summary>Time counted asleep, ms.</summary>
        public long AsleepMs { get { return _asleepMs; } }

        /// <summary>
        /// True when the MCU slept (light sleep) through the interval that ends at this poll: a reading taken now sees the
        /// pack at the sleep current, not the awake one (on the board the battery divider's 100 nF tap, 67 ms, still holds
        /// the sleep voltage a few ms into the wake). False before the first interval (start-up and deep-sleep wake: the boot
        /// ran at 45 mA for 800 ms).
        /// </summary>
        public bool SleptUntilNow { get { return _lastMs >= 0 && !_busy; } }

        /// <summary>
        /// Accounts the interval since the last call and returns the charge it cost, microcoulombs.
        /// <paramref name="nextPollMs"/> is when the firmware asked to run next; the counters are the
        /// indication player's running totals.
        /// </summary>
        public long Account(long nowMs, long nextPollMs, long ledOnMs, long buzzerOnMs)
        {
            if (_lastMs < 0)
            {
                _lastMs = nowMs;
                _ledOnMs = ledOnMs;
                _buzzerOnMs = buzzerOnMs;
                _busy = nextPollMs - nowMs <= BusyPollMs;
                return 0;
            }
            long dt = IntMath.Max(nowMs - _lastMs, 0);
            long awake = _busy ? dt : IntMath.Min(dt, WakeCostMs);
            long asleep = dt - awake;
            _awakeMs += awake;
            _asleepMs += asleep;
            long uc = (awake * ActiveMicroamps + asleep * SleepMicroamps + dt * BoardQuiescentMicroamps) / 1000;
            uc += (ledOnMs - _ledOnMs) * LedMicroamps / 1000;
            uc += (buzzerOnMs - _buzzerOnMs) * BuzzerMicroamps / 1000;
            _ledOnMs = ledOnMs;
            _buzzerOnMs = buzzerOnMs;
            _lastMs = nowMs;
            _busy = nextPollMs - nowMs <= BusyPollMs;
            return uc;
        }
    }
}
