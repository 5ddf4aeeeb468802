using LockFirmware.Runtime;
using LockFirmware.Storage;

namespace LockFirmware.Power
{
    /// <summary>
    /// Battery gauge for the 4 x AA pack (pure logic, fed by <see cref="BatteryMonitor"/>). Counts the charge
    /// drawn (coulomb counting, as TI's BQ35100 does for primary cells) from a starting state of charge read off
    /// the open-circuit voltage at insertion; corrects it from the rest voltage only where the voltage clearly
    /// disagrees (alkaline and NiMH; Li-FeS2 is flat so its voltage only marks the end cliff); measures the
    /// pack's internal resistance on every stroke by the two-point method R = (V_rest - V_load) / I_load;
    /// turns what is left into lock-plus-unlock operations and days at the observed usage; sets the Matter
    /// BatChargeLevel with hysteresis; keeps an unlock-only reserve; and predicts brown-out before a stroke.
    /// Allocates nothing after construction. docs/power.md explains the constants.
    /// </summary>
    public sealed class BatteryEstimator
    {
        /// <summary>Cells in series (reference board: 4 x AA).</summary>
        public const int Cells = 4;
        /// <summary>
        /// Lowest pack voltage under load at which the lock still works with its 3.3 V rail in regulation: 3.3 V plus the
        /// MCP1703A's dropout at the awake MCU's ~45 mA (625 mV at 250 mA, so ~2.5 Ohm: ~0.11 V) gives 3.41 V, plus
        /// 150 mV margin for ADC error (+-12 LSB INL times the divider), rounded up to 3.6 V. (3.75 V while the board
        /// had the AP2112K with ~0.3 V dropout.) The ESP32 itself browns out much lower (2.43 V on the rail).
        /// </summary>
        public const int MinLoadMillivolts = 3600;
        /// <summary>Warning when this many lock-plus-unlock operations are left (goal 500; at least 200 required).</summary>
        public const int WarningPairs = 500;
        /// <summary>
        /// Critical when this many are left (at least 20 must remain at critical; the margin covers the estimate error). 60, was
        /// 40: with every rest reading at the awake current the two-point resistance no longer alternates ~25 % between lock and
        /// unlock strokes, so its measured scatter, and with it the guard's excursion threshold, is a few percent; a cold pack's
        /// first refused lock can then come ~20 pairs before the estimate's end (DischargeScenarioTests, -20 C, unit 6).
        /// </summary>
        public const int CriticalPairs = 60;
        /// <summary>
        /// Unlock-only reserve, in pairs' worth of charge held back above the end-of-service floor: the remaining-operations
        /// estimate counts only the pairs before it (a pair whose lock is refused is no lock-plus-unlock operation), and
        /// locking is refused (insufficient_battery) when that estimate reaches 0.
        /// </summary>
        public const int ReservePairs = 20;
        /// <summary>A level improves only when the estimate exceeds its threshold by this much (percent).</summary>
        public const int HysteresisPercent = 25;
        /// <summary>
        /// Rest voltage rising this much above the filtered value is a new pack: a used pack never recovers
        /// 300 mV (alkaline relaxation after a 1 s stroke is tens of mV), and a pack at warning is >= 400 mV below a fresh one.
        /// </summary>
        public const int SwapJumpMillivolts = 300;
        /// <summary>
        /// A Li-FeS2 pack resting on its flat (at or above <see cref="LithiumFlatCellMillivolts"/> a cell) that reads this much
        /// lower after the power was removed is another pack: nothing drew on it meanwhile, the flat moves 40 mV a cell from 30 %
        /// to 12 %, and its polarisation (0.05 ohm a cell, 1 s) has relaxed through the power-off and the 0.8 s boot. A fresh
        /// alkaline pack fitted in place of lithium cells at 30 % rests ~250 mV lower, under <see cref="SwapJumpMillivolts"/>:
        /// before 2026-11-28 it was taken for the same lithium pack at 10 % and refused every lock from about day 110 (blind
        /// acceptance tests; ChemistryDetector.NewLithiumMinCellMillivolts).
        /// </summary>
        public const int LithiumSwapDropMillivolts = 100;
        /// <summary>Lowest rest voltage a cell (mV) of the flat of a Li-FeS2 pack (<see cref="LithiumSwapDropMillivolts"/>): 1.64 V, about 20 % left.</summary>
        public const int LithiumFlatCellMillivolts = 1640;
        /// <summary>Below this duty the reference gearmotor cannot be trusted to throw the bolt through the strike.</summary>
        public const int MinLockDutyPermille = 500;
        /// <summary>An unlock is tried down to this duty (never strand the owner outside).</summary>
        public const int MinUnlockDutyPermille = 400;
        /// <summary>Usage assumed before a day of history exists: 10 operations a day (Kwikset's battery-life use case).</summary>
        public const int DefaultOperationsPerDay = 10;
        /// <summary>Resistance this many times the warm value expected at the open-circuit voltage, with a well-charged pack, means cold cells, not empty ones.</summary>
        public const int ColdResistanceFactor = 2;
        /// <summary>
        /// Above this state of charge (permille) a cold pack is expected to warm up again before it is near empty,
        /// so the remaining-charge estimate uses the warm resistance; below it the measured (cold) one.
        /// </summary>
        public const int ColdChargedPermille = 400;
        /// <summary>State-of-charge step (permille) of the end-of-service search.</summary>
        public const int FloorStepPermille = 5;
        /// <summary>
        /// Share of the disagreement between the rest voltage's state of charge and the count corrected per rest sample
        /// (1/16; 25-35 rest samples a day, so the count follows the voltage within about a day) on the sloping chemistries
        /// (alkaline, NiMH). No dead band: the ADC is trimmed per unit at the factory (<c>adc_gain</c>), so a rested pack
        /// reads to +-20 mV, a few permille of state of charge on the slope.
        /// </summary>
        public const int VoltageCorrectionDivisor = 16;
        /// <summary>
        /// The capacity is learned (charge counted / drop of the rest voltage's state of charge since insertion, as
        /// fuel gauges learn Qmax between two rested readings) once the drop reaches this much (permille): the rated
        /// capacity (E91 2600 mAh at 100 mA) is well below what a pack delivers at a lock's microamps and 0.25 A pulses.
        /// </summary>
        public const int CapacityLearnDropPermille = 150;
        /// <summary>
        /// The decline of the guard's margin is measured by an exponentially weighted least-squares fit against the charge
        /// counted over the full-duty strokes, 1/<see cref="TrendSlowDivisor"/> per stroke (the window's mean lag ~128 strokes:
        /// near the end 5-10 permille of state of charge, 30-60 mV of margin). The tables' shape alone declines a little too
        /// slowly near the end: the two-point drop over a stroke carries part of the cells' polarisation as well as their ohmic
        /// resistance, and strokes grow longer as the pack sags (unlock strokes at -20 C: 0.94-1.07x the plant's ohmic
        /// resistance as they lengthen from 1.5-1.7 to 1.7-1.8 s).
        /// </summary>
        public const int TrendSlowDivisor = 128;
        /// <summary>The trend gain is learned only once the window's mean lag spans this much state of charge (ppm): below, noise.</summary>
        public const int TrendMinSpanPpm = 2000;
        /// <summary>The measured trend gain is filtered 1/32 per full-duty stroke (about 16 pairs).</summary>
        public const int TrendGainDivisor = 32;
        /// <summary>
        /// The ratio of a stroke's sampled inrush peak to its running current is followed 1/1024 per full-duty stroke (about
        /// 500 pairs): slow against the last 500 pairs of a pack, over which the inrush sample falls 0-5 % against the running
        /// current (bench/PowerBench --trace at -20 C, docs/power.md "What moves the -20 C estimate"), fast against a pack's
        /// life (the ratio goes from about 1.45 to 1.35 over 7,000 pairs).
        /// </summary>
        public const int InrushRatioDivisor = 1024;
        /// <summary>
        /// The boot's polarisation the rest readings carry, as a current through the pack resistance, mA. About 25 of the ~35
        /// rest readings a day are taken at a deep-sleep wake, right after the boot (0.8 s at ~45 mA, PowerBudget); the E91
        /// tables (ChemistryTables: 200 mOhm DC pulse against 120 mOhm step) make the polarisation resistance 0.67x the ohmic
        /// one, of which 0.8 s builds about a third: 45 x 0.67 x 0.33 = 9.9 mA at a wake, x 25/35 over the day's readings =
        /// 7 mA. Without it a warm pack's state of charge read 2-15 permille low (docs/power.md, sixth and seventh sessions).
        /// </summary>
        public const int BootPolarisationMilliamps = 7;
        /// <summary>
        /// The boot correction applies in full while the pack reads warm: the filtered temperature factor at most 180 % (the
        /// plant's E91 near its end reads 93-103 % at +20 C, 131-149 % at 0 C, 180-205 % at -10 C, 252-275 % at -20 C;
        /// measured with PowerBench units 1 and 3). A cold pack's two-point resistance grows faster than the tables near the
        /// end (its polarisation share rises as the strokes lengthen), which the uncorrected, low state of charge happens to
        /// offset; correcting one without a model of the other made -20 C worse (p90 mean 18.6 -> 23.7 %, docs/power.md).
        /// </summary>
        public const int BootCorrectionFullFactorPercent = 180;
        /// <summary>No boot correction from this filtered temperature factor on (linear between): -20 C packs read 252-275 %.</summary>
        public const int BootCorrectionNoneFactorPercent = 240;
        /// <summary>
        /// The brown-out guard predicts with the slow mean pack resistance and takes the fast one only on an excursion
        /// beyond <see cref="GuardScatterTenths"/>, so a first refusal can still come a little before the mean crosses the
        /// limit. The end-of-service floor is searched with the resistance raised by this many mean absolute deviations of
        /// the fast value from the slow mean, in tenths (measured on every stroke). (Before, a fixed 4 % of the drop, sized
        /// for a guard that followed every stroke's measurement: ~40 mV, ~70 pairs too early on a cold pack.)
        /// </summary>
        public const int ScatterAllowanceTenths = 10;
        /// <summary>
        /// The guard takes the fast resistance over the slow mean only when it is above it by more than this many mean
        /// absolute deviations, in tenths (25: about two standard deviations): beyond what the scatter explains.
        /// </summary>
        public const int GuardScatterTenths = 25;
        /// <summary>
        /// Mean absolute deviation of the fast pack resistance from its slow mean assumed at the first measurement, permille
        /// of the resistance, until the strokes measure it (1/16 per stroke): ~1-2 % is what the two-point method scatters
        /// by on the reference board's strokes (measured in the simulator's discharges, bench/PowerBench --trace).
        /// </summary>
        public const int PriorScatterPermille = 15;
        /// <summary>Rest-voltage scatter of the filtered reading (ADC noise, relaxation) and of the motor's slow mean, mV, allowed for at the floor.</summary>
        public const int GuardNoiseMillivolts = 10;
        /// <summary>Microcoulombs in one mAh.</summary>
        public const long MicrocoulombsPerMilliampHour = 3600000;
        /// <summary>Milliseconds per day.</summary>
        public const long MsPerDay = 86400000;
        /// <summary>
        /// Non-motor draw assumed before a day of history exists: deep sleep and the board's always-on loads (22 uA),
        /// hourly wakes (a boot's 36 mC per hour is 10 uA) and the light-sleep minutes around 10 operations a day
        /// (~8 uA): about 40 uA, rounded up to 50.
        /// </summary>
        public const int DefaultIdleMicroamps = 50;
        /// <summary>
        /// History the observed non-motor draw is padded to with <see cref="DefaultIdleMicroamps"/>, ms: 7 days. A door propped
        /// open for the first day of a pack (light sleep all day, 19 mAh) was taken whole as the daily draw from then on:
        /// an 80 % alkaline pack fell from 6,282 to 445 remaining pairs and raised <c>battery_low</c>, still standing after
        /// three days of normal use (blind acceptance tests, 2026-11-28). Padded, that day weighs one seventh; a door open
        /// every day is the observed draw within the week. Later in a pack's life one day is a small part of the history anyway.
        /// </summary>
        public const long IdlePriorMs = 7 * MsPerDay;
        /// <summary>Largest rise of the remaining-pairs estimate per update once a day of history exists.</summary>
        public const long MaxRisePairsPerUpdate = 2;
        /// <summary>
        /// Strokes over which the estimate's floor follows the floor search (1/128 per stroke, ~64 pairs): measured with
        /// `bench/PowerBench -- alkaline -20 --seed N`, units 1-12, p90 of the estimate error from the first warning, mean over the
        /// units 41 % unfiltered, 28 % at 64 strokes, 28 % at 128, 34 % at 256.
        /// </summary>
        public const int FloorFilterStrokes = 128;
        /// <summary>
        /// Age of the pack-resistance measurement after which a lock the guard would refuse tests the pack first
        /// (<see cref="ProbeDue"/>), ms: 30 minutes. An AA cell (23 g, ~1 J/gK: ~23 J/K) loses heat to still air through
        /// its ~23 cm2 at 5-10 W/m2K, ~0.02 W/K: a time constant of about 20 minutes, more inside the lock's housing. Within
        /// that, the last stroke's measurement still carries the cells' temperature.
        /// </summary>
        public const int ProbeAfterMs = 30 * 60 * 1000;
        /// <summary>
        /// The pack test replaces the standing resistance when it reads at most this fraction of it (permille): the cells
        /// warmed (alkaline x2.6 from -20 C to +21 C, ChemistryTables), not the test's disagreement with the strokes' two-point
        /// measurement (simulator, 40 % alkaline pack: 5234 against 5337 milliohm cold, 1046 against 995 warm, within
        /// +-7 % with the ADC's DNL) nor the strokes' scatter (1-2 %, <see cref="PriorScatterPermille"/>). A false reading
        /// would let one lock through per <see cref="ProbeAfterMs"/> at the end of a pack, so the margin is kept wide.
        /// </summary>
        public const int ProbeFallPermille = 800;
        /// <summary>
        /// Margin added to the pack test's reading before the guard uses it, permille: its readings, 150-300 ms into the press,
        /// show ~96 % of the drop through the divider tap's 67 ms filter, and the ADC's DNL moves a warm pack's ~150 mV drop by
        /// up to ~10 mV; the next stroke's own measurement replaces it whole.
        /// </summary>
        public const int ProbeMarginPermille = 150;
        /// <summary>
        /// A pack no stroke has measured is tested before a lock when its rest voltage reads it below 30 %. Until a stroke has
        /// measured it the guard sizes from a fresh cell (E91: 4 x ~120 mOhm); a used pack in the cold is several times that
        /// (x3.8 at -30 C against +21 C, and x2.4 at 20 % charge: ChemistryTables), and a quarter-charged pack at -28.7 C
        /// crawled the bolt out at full duty with the pack at 3.1 V and left it thrown where the unlock could not break it
        /// away (StarvedStallTests). Not higher: at 50 % the test ran before 12 first locks of the test suite's cold
        /// near-end and crawl units and changed what they detect, and at 31-34 % and -28 C its reading let the lock through
        /// anyway (docs/power.md). The test costs ~0.02 mAh and ~0.6 s, once per pack.
        /// </summary>
        public const int UnmeasuredProbeBelowPermille = 300;
        /// <summary>
        /// Highest duty of the pack test's press, permille: at 70 % the 16.7 ohm motor draws ~150 mA from a 4.9 V pack, a
        /// drop of ~150 mV on a warm 1 ohm pack, where the battery ADC's DNL (up to +-3.5 LSB at its 128-code segment
        /// boundaries, ~10 mV at the pack) is a few percent. Measured in the simulator (scenario
        /// cold-night-then-warm-locks-again.yaml, a 40 % alkaline pack warmed from -40 C to +20 C): at 30 % (the pre-stroke
        /// press's duty) the drop was 39 mV and read 1.70 ohm, at 70 % 1.05 ohm, against 1.0 ohm from the next stroke.
        /// </summary>
        public const int ProbeMaxPermille = 700;
        /// <summary>
        /// A floor search this far (ppm) above the followed floor is taken at once: 10 permille is 80-110 pairs near the end
        /// of an alkaline pack, twice the search's stroke-to-stroke scatter (+-3-5 permille, `--trace`), the size of the
        /// step a cold night makes.
        /// </summary>
        public const int FloorStepPpm = 10000;
        /// <summary>
        /// How far the start-up reading sits below an awake one, as a current through the measured pack resistance, uA: the
        /// boot draws <see cref="PowerBudget.BootMicroamps"/> against the awake <see cref="PowerBudget.ActiveMicroamps"/>
        /// (7 mA), and its <see cref="PowerBudget.BootMs"/> build polarisation (E91: a third of the pulse resistance, relaxing
        /// over ~2 s: 45 mA x 1/3 x (1 - e^(-0.8/2)), about 5 mA). locksim, alkaline 10 % at +20 C, seed 8: the boot reading
        /// 24 mV under the awake value with 1.8 ohm measured (13 mA).
        /// </summary>
        public const int BootReadingOffsetMicroamps = 12000;
        /// <summary>DRV8833 on-resistance, high plus low side (datasheet: 360 mOhm typical).</summary>
        public const int BridgeMilliohms = 360;

        private CellChemistry _configured = CellChemistry.Unknown;
        private CellChemistry _chemistry = CellChemistry.Alkaline;
        // A newly fitted pack in the voltage range alkaline and NiMH share: the first full-duty stroke's resistance decides.
        private bool _chemistryPending;
        private bool _initialised;
        private long _insertedMs;
        private long _lastMs;
        private int _restFilteredMillivolts;
        private int _startSocPermille;
        private int _correctionPpm;
        private long _usedMicrocoulombs;
        private long _motorMicrocoulombs;
        private long _capacityMicrocoulombs;
        private int _strokes;
        private int _strokeMicrocoulombsAvg;
        private int _packMilliohms;
        private int _packSlowMilliohms;
        private int _packScatterMilliohms;
        private int _baselineMilliohms;
        private int _resistanceSamples;
        private int _factorPercent = 100;
        private int _trendGainPermille = 1000;
        // Sampled inrush peak over running current, permille, followed slowly (StrokeCurrentMilliamps); 0 = none yet.
        private int _inrushPerRunPermille;
        private int _trendRawPermille;
        private int _trendSlowUsedMc;
        private int _trendSlowMarginUv;
        private int _trendSamples;
        private long _trendVarMc2;
        private long _trendCovMcUv;
        private int _filteredFactorPercent = 100;
        // The rest voltage is still the start-up reading alone, taken under the boot load (NoteBootReading); RAM only.
        private bool _bootReadingOnly;
        // The pack's starting state of charge was read from a start-up reading through the prior resistance; the first
        // measurement of the pack reads it again (OnStroke). RAM only.
        private bool _startFromBootReading;
        // The temperature factor of the last stroke's own measurement (0 = that stroke measured nothing); RAM only.
        private int _strokeFactorPercent;
        // The last stroke's own two-point resistance (0 = that stroke measured nothing), milliohms; RAM only.
        private int _strokePackMilliohms;
        private int _remainingPairs = int.MaxValue;
        // The floor the estimate counts down to (FollowFloorPpm), ppm (-1 = none yet), and the stroke count it last followed at;
        // kept across deep sleep (WriteState), not in the battery record: after a power cut it starts again from the search.
        private int _floorFilteredPpm = -1;
        private int _floorFilteredStrokes;
        // When the pack resistance was last measured (a stroke or the pack test), ms; long.MinValue = not known (a new pack,
        // or the value restored after a restart, which may be from another temperature). Kept across deep sleep.
        private long _resistanceMs = long.MinValue;
        // When a stroke last starved on the pack (OnStrokeStarved), ms; long.MinValue = none since the last pack test or
        // new pack. Locks are refused while it stands (LocksReserved). Kept across deep sleep by the sleep record.
        private long _starvedMs = long.MinValue;
        // A stroke was refused for the pack at its stop and no lock has completed since (OnRefusedAtStop): the level says
        // critical. Kept across deep sleep by the sleep record.
        private bool _refusedAtStop;
        private int _packTests;
        private int _remainingDays = int.MaxValue;
        private BatteryLevel _level = BatteryLevel.Ok;
        // LocksReserved as the last level update saw it (Level reports critical while it holds).
        private bool _reservedAtUpdate;
        private int _swaps;
        private int _dutyLimitedStrokes;
        private int _motorMilliohms = LockFirmware.Actuation.ActuationTuning.NominalMotorMilliohms;
        private int _refusedForBrownout;
        private int _motorSlowMilliohms;
        private int _motorFloorMilliohms;
        // Mean absolute deviation of the 16-stroke motor mean from the 128-stroke one, 1/128 per stroke (0 = none yet), in
        // sixteenths of a milliohm (1/128 of a difference under 128 milliohms would not move a whole-milliohm value).
        private int _motorScatterSixteenths;

        /// <summary>
        /// The motor winding's resistance as last measured (the calibration's standstill value; it follows the copper's
        /// temperature). Assigned once per stroke (LockController, after each stroke, and once at start-up). The gauge
        /// keeps two slow copies: the mean over about 16 strokes and a longer one (<see cref="MotorFloorDivisor"/>), which the
        /// end-of-service floor, the trend fit and, unless the short mean has fallen below it by more than its scatter, the
        /// brown-out guard and the reserve use (<see cref="GuardMotorMilliohms"/>). One standstill measurement
        /// sees the rotor at one angle, and the commutation ripple moves it +-12 % (the calibration's 1/2 blend still
        /// scatters +-8 %), while the next stroke starts at another, unknown angle, so the mean is the best prediction of its
        /// stall current. Following the last measurement made the guard's predicted sag scatter by +-40 mV near the end
        /// (0.46 mV a pair on a cold pack: +-90 pairs), so the first refused lock came wherever a low measurement happened to
        /// fall, and no estimate could say when.
        /// </summary>
        public int MotorMilliohms
        {
            get { return _motorMilliohms; }
            set
            {
                _motorMilliohms = IntMath.Clamp(value, MinWindingMilliohms, MaxWindingMilliohms);
                _motorSlowMilliohms = FollowMotor(_motorSlowMilliohms, _motorMilliohms, 16);
                _motorFloorMilliohms = FollowMotor(_motorFloorMilliohms, _motorMilliohms, MotorFloorDivisor);
                // How far the short mean strays from the long one at a steady temperature (mean absolute deviation over the
                // long mean's window, 1/128 per stroke): the guard's threshold for a real change of the copper's temperature
                // (GuardMotorMilliohms). A spread beyond the threshold is that change, not scatter, and is left out: taken in,
                // it raised the threshold as fast as the short mean moved, and a winding 12 % colder was still not followed
                // after 48 strokes (FloorSteadinessTests).
                int spread = IntMath.Abs(_motorSlowMilliohms - _motorFloorMilliohms) * 16;
                if (_motorScatterSixteenths <= 0) _motorScatterSixteenths = MotorPriorScatter(_motorFloorMilliohms) * 16;
                else if (spread <= IntMath.MulDiv(_motorScatterSixteenths, GuardScatterTenths, 10)) _motorScatterSixteenths += (spread - _motorScatterSixteenths) / MotorFloorDivisor;
            }
        }

        // The bounds any motor resistance the gauge takes is held to, milliohms (a stored value outside them is none).
        private const int MinWindingMilliohms = 2000;
        private const int MaxWindingMilliohms = 100000;

        /// <summary>
        /// A running mean of the motor resistance (0 = none yet) moved 1/<paramref name="divisor"/> towards
        /// <paramref name="measuredMilliohms"/>; a change larger than the ripple can explain is temperature (or a new motor)
        /// and is taken at once, as the calibration's own blend does (ActuationTuning.ResistanceJumpPermille).
        /// </summary>
        private static int FollowMotor(int meanMilliohms, int measuredMilliohms, int divisor)
        {
            int jump = IntMath.MulDiv(meanMilliohms, LockFirmware.Actuation.ActuationTuning.ResistanceJumpPermille, 1000);
            return meanMilliohms == 0 || IntMath.Abs(measuredMilliohms - meanMilliohms) > jump
                ? measuredMilliohms : meanMilliohms + (measuredMilliohms - meanMilliohms) / divisor;
        }

        /// <summary>
        /// The end-of-service floor and the trend fit use a longer motor-resistance mean than the guard: 1/<see cref="MotorFloorDivisor"/>
        /// per stroke (~64 pairs), with the same jump rule. The 16-stroke mean still wanders: at -20 C (bench/PowerBench
        /// alkaline -20 --seed 6) it dipped 6 % within 20 strokes and back (the rotor's resting angle, and so the standstill
        /// reading's commutation error, carries over from one stroke to the next), which moved the floor search 10 permille
        /// (~90 pairs) and, through the followed floor's step rule, the estimate by 100 pairs at once. The motor does not
        /// change so at a steady temperature. The guard uses it too, and the 16-stroke mean only when that has fallen below
        /// it by more than its scatter (<see cref="GuardMotorMilliohms"/>).
        /// </summary>
        public const int MotorFloorDivisor = 128;

        /// <summary>
        /// Mean absolute deviation of the 16-stroke motor mean from the 128-stroke one assumed until the strokes measure it, and
        /// the least the guard allows for (<see cref="GuardMotorMilliohms"/>: 2.5 of it, 3.75 %, is copper ~10 K colder),
        /// permille of the resistance: the 16-stroke mean wanders +-2 % at a steady temperature near the end of a cold pack
        /// (bench/PowerBench alkaline -20 --seed 2, the gauge's state dumped per operation: 14.30-15.12 ohm around a
        /// 14.49-14.81 ohm long mean), a mean absolute deviation of about 1-1.5 %.
        /// </summary>
        public const int MotorPriorScatterPermille = 15;

        private static int MotorPriorScatter(int meanMilliohms)
        {
            return IntMath.Max(IntMath.MulDiv(meanMilliohms, MotorPriorScatterPermille, 1000), 1);
        }

        /// <summary>The motor resistance the end-of-service floor and the trend fit use (<see cref="MotorFloorDivisor"/>), milliohms.</summary>
        private int FloorMotorMilliohms { get { return _motorFloorMilliohms > 0 ? _motorFloorMilliohms : GuardMotorMilliohms; } }

        /// <summary>
        /// The motor resistance the brown-out guard and the reserve use, milliohms: the long mean (<see cref="MotorFloorDivisor"/>,
        /// the floor's), or the 16-stroke mean when that lies below it by more than <see cref="GuardScatterTenths"/> of its measured
        /// scatter about it: copper colder than the long mean by more than the rotor-angle wander explains (a lower winding
        /// resistance draws a higher stall current, the pessimistic way; the guard then follows it as fast as before), as the
        /// pack resistance's excursion rule takes a real step (<see cref="PackMilliohmsForPrediction"/>). Before (main a4c228c)
        /// the guard followed the 16-stroke mean itself, whose +-2 % wander the floor no longer shares: on bench/PowerBench
        /// alkaline -20 --seed 2 it stood 1.9 % below the long mean (14414 against 14691 mOhm, ~11 mV of predicted sag) when
        /// the first lock was refused, 23 pairs before the estimate's end (error p90 58 %, max 243 %; now 32 % and 76 %).
        /// </summary>
        public int GuardMotorMilliohms
        {
            get
            {
                int slow = _motorSlowMilliohms > 0 ? _motorSlowMilliohms : _motorMilliohms;
                if (_motorFloorMilliohms <= 0) return slow;
                // Never under the prior: a unit whose short mean happened to stray little for a while must not take the next
                // stray of a few percent for a colder winding (blended standstill readings, FloorSteadinessTests: with the
                // measured scatter alone the guard followed such strays, 15-20 mV of predicted sag, as often as before).
                int scatter = IntMath.Max(_motorScatterSixteenths / 16, MotorPriorScatter(_motorFloorMilliohms));
                return slow < _motorFloorMilliohms - IntMath.MulDiv(scatter, GuardScatterTenths, 10) ? slow : _motorFloorMilliohms;
            }
        }

        /// <summary>Chemistry in use (configured or detected).</summary>
        public CellChemistry Chemistry { get { return _chemistry; } }
        /// <summary>Filtered rest (open-circuit) voltage, mV.</summary>
        public int RestMillivolts { get { return _restFilteredMillivolts; } }
        /// <summary>Filtered internal resistance of the pack, milliohms (0 until a stroke measured it).</summary>
        public int PackMilliohms { get { return _packMilliohms; } }
        /// <summary>
        /// True when no stroke or pack test has measured this pack's resistance and its rest voltage reads it below
        /// <see cref="UnmeasuredProbeBelowPermille"/>: a used pack, whose resistance a fresh cell's (what the guard sizes from
        /// until then) may understate several times over in the cold (LockController tests it before a lock).
        /// </summary>
        public bool UsedPackUnmeasured { get { return _initialised && _packMilliohms <= 0 && VoltageSocPermille() < UnmeasuredProbeBelowPermille; } }
        /// <summary>
        /// The last stroke's own two-point resistance of the pack, milliohms (0 when that stroke measured nothing: duty-capped,
        /// too little current, no sag). Against <see cref="PackMilliohms"/> remembered with an earlier stroke it tells whether the
        /// cells cooled in between (StrokeAssessor's step rule).
        /// </summary>
        public int StrokePackMilliohms { get { return _strokePackMilliohms; } }
        /// <summary>Lowest filtered resistance since insertion: the warm baseline, milliohms.</summary>
        public int BaselineMilliohms { get { return _baselineMilliohms; } }
        /// <summary>Charge drawn since insertion, microcoulombs.</summary>
        public long UsedMicrocoulombs { get { return _usedMicrocoulombs; } }
        /// <summary>Charge drawn by the motor since insertion, microcoulombs.</summary>
        public long MotorMicrocoulombs { get { return _motorMicrocoulombs; } }
        /// <summary>Strokes since insertion.</summary>
        public int Strokes { get { return _strokes; } }
        /// <summary>Estimated lock-plus-unlock operations left at the observed usage.</summary>
        public int RemainingPairs { get { return _remainingPairs; } }
        /// <summary>Estimated days left at the observed usage.</summary>
        public int RemainingDays { get { return _remainingDays; } }
        /// <summary>
        /// Matter BatChargeLevel: the gauge's level, or <c>critical</c> while locking is refused (<see cref="LocksReserved"/>:
        /// "only unlocking is kept" is what critical tells the owner, whatever brought the pack there; a cold pack's
        /// gauge level stays on the warm resistance, and without this the lock refused its locks while it reported ok).
        /// The reserve's critical goes again when the pack can drive a lock (it warmed up); the gauge's own level keeps its
        /// hysteresis.
        /// </summary>
        public BatteryLevel Level { get { return (_reservedAtUpdate || _refusedAtStop) && _level < BatteryLevel.Critical ? BatteryLevel.Critical : _level; } }
        /// <summary>Battery swaps detected since start-up.</summary>
        public int Swaps { get { return _swaps; } }
        /// <summary>Strokes started at reduced duty to avoid a brown-out.</summary>
        public int DutyLimitedStrokes { get { return _dutyLimitedStrokes; } }
        /// <summary>Pack tests that measured the pack (<see cref="OnPackProbe"/>) since start-up.</summary>
        public int PackTests { get { return _packTests; } }
        /// <summary>Strokes refused because they would brown the MCU out.</summary>
        public int RefusedForBrownout { get { return _refusedForBrownout; } }
        /// <summary>
        /// True when only the unlock reserve is left: locking is refused. Also true as soon as a full-duty stroke
        /// would sag the pack below <see cref="MinLoadMillivolts"/> (the nominal motor's stall current at the measured
        /// resistance): a bolt thrown now might only be withdrawn by a duty-limited stroke, which may not make it.
        /// </summary>
        public bool LocksReserved
        {
            get { return _initialised && (PredictionReserves || _starvedMs != long.MinValue); }
        }

        // The reserve as the gauge's own figures see it: no pairs left, or a full-duty stroke predicted below the rail's floor.
        private bool PredictionReserves
        {
            get { return _remainingPairs <= 0 || _packMilliohms > 0 && PredictedLoadMillivolts(GuardMotorMilliohms) < MinLoadMillivolts; }
        }

        /// <summary>
        /// When a stroke last starved on the pack (<see cref="OnStrokeStarved"/>), ms; <c>long.MinValue</c> when none stands.
        /// Written to the sleep record, so the refusal it causes outlasts a deep sleep.
        /// </summary>
        public long StarvedMs { get { return _starvedMs; } }

        /// <summary>
        /// A stroke starved on the pack once its bolt had left the stop (LockController.StarvedStall: a lock taken back because
        /// the pack read below the rail's floor while it ran, a stroke that ran and then stalled or ran out of time on a pack
        /// too weak to drive it; not one refused at its stop, <see cref="OnRefusedAtStop"/>). The guard's prediction had let it start, and would start the next lock the same way: on a
        /// cold pack a 4 s stroke out to 17 mm and back, every time the owner asks (blind acceptance tests, 2026-11-28: -40 C,
        /// alkaline 40 %, the auto-relock and the owner's lock both taken back, the level ok for the 10 s before the next rest
        /// sample), each one a bolt stopped mid-throw on a pack that may not move it again (StrandBench). So locks are refused
        /// from now, the level says <c>critical</c> at once (<see cref="Level"/>), and the pack is tested again
        /// <see cref="ProbeAfterMs"/> later (<see cref="ProbeDue"/>), when a lock is asked for: a test that reads the cells
        /// warmer than the measurement the stroke started on ends the refusal and the guard decides as before; one that reads
        /// them no warmer starts the wait again (<see cref="OnPackProbe"/>). A new pack ends it too. Returns true when the
        /// level changed.
        /// </summary>
        public bool OnStrokeStarved(long nowMs)
        {
            if (!_initialised) return false;
            BatteryLevel before = Level;
            _starvedMs = nowMs;
            _reservedAtUpdate = LocksReserved;
            return Level != before;
        }

        /// <summary>
        /// True from a stroke refused for the pack at its stop (<see cref="OnRefusedAtStop"/>) until a lock completes (or a new
        /// pack): the level then reads <c>critical</c> (<see cref="Level"/>). Written to the sleep record.
        /// </summary>
        public bool RefusedAtStop { get { return _refusedAtStop; } }

        /// <summary>
        /// A stroke was refused for the pack before its bolt left the stop: a lock the breakaway check stopped (the bolt had
        /// not broken away at 75 % duty on a pack reading under 4.6 V), or a stroke that never got going on a pack too weak to
        /// drive it (LockController.StarvedStall with no running current). Asked again, such a stroke answers afresh without
        /// leaving the bolt anywhere new, so it is not refused ahead (<see cref="OnStrokeStarved"/> is for strokes that left
        /// the stop); but the owner is told by the level until a lock completes: a stiff bolt (friction x2) on a 30 % alkaline
        /// pack at +20 C had every lock refused with the level <c>ok</c>, no fault and nothing to say why (blind acceptance
        /// tests, 2026-11-28). Returns true when the level changed.
        /// </summary>
        public bool OnRefusedAtStop()
        {
            if (!_initialised) return false;
            BatteryLevel before = Level;
            _refusedAtStop = true;
            return Level != before;
        }

        /// <summary>A lock completed: the level no longer reads critical for a refusal at the stop. True when the level changed.</summary>
        public bool OnLockCompleted()
        {
            BatteryLevel before = Level;
            _refusedAtStop = false;
            return Level != before;
        }

        /// <summary>Restores <see cref="RefusedAtStop"/> from the sleep record.</summary>
        public void RestoreRefusedAtStop(bool refused)
        {
            _refusedAtStop = refused && _initialised;
        }

        // The pack test read the cells warmer (or could not read them): a starved stroke's refusal ends, the guard decides.
        private void EndStarved()
        {
            _starvedMs = long.MinValue;
            _reservedAtUpdate = LocksReserved;
        }

        /// <summary>
        /// Restores <see cref="StarvedMs"/> from the sleep record; a time after <paramref name="nowMs"/> (no clock runs backwards)
        /// or <c>long.MinValue</c> leaves none standing.
        /// </summary>
        public void RestoreStarved(long starvedMs, long nowMs)
        {
            _starvedMs = starvedMs >= 0 && starvedMs <= nowMs ? starvedMs : long.MinValue;
            _reservedAtUpdate = LocksReserved;
        }

        /// <summary>
        /// True when a lock the guard refuses (<see cref="LocksReserved"/>) should test the pack first: the refusal rests on a
        /// resistance measured more than <see cref="ProbeAfterMs"/> ago, or restored after a restart, that reads cold (at least
        /// <see cref="WarmFactorPercent"/> of a warm pack's at this voltage; any NiMH pack), and the cells may have warmed since. With locks refused and the bolt withdrawn no stroke measures the pack again, so without the test a
        /// cold night's measurement would refuse every lock until a new pack (docs/power.md). When only a starved stroke refuses
        /// (<see cref="OnStrokeStarved"/>), <see cref="ProbeAfterMs"/> after it (or after the last test that read no warmer).
        /// </summary>
        public bool ProbeDue(long nowMs)
        {
            if (!_initialised || !LocksReserved) return false;
            // Only a starved stroke refuses: test the pack once its wait is over, warm or cold (the stroke said the pack
            // could not carry it, whatever its temperature; the test costs ~0.02 mAh, the refused stroke 10-20 times that).
            if (!PredictionReserves) return nowMs - _starvedMs >= ProbeAfterMs;
            if (_packMilliohms <= 0) return false;
            if (_resistanceMs != long.MinValue && nowMs - _resistanceMs < ProbeAfterMs) return false;
            // A pack that read warm is refused for its charge, which warming does not bring back: no test (each costs
            // ~0.02 mAh, and a lock at the end of its pack is asked for every day). NiMH's table is no thermometer.
            int warm = WarmFactorPercent(_chemistry);
            return warm == 0 || TemperatureFactorPercent >= warm;
        }

        /// <summary>
        /// The pack test's reading (BoltDrive.PackProbePermille): <paramref name="packMilliohms"/> (0 = none) and the settled
        /// reading with the bridge off after its press, <paramref name="restMillivolts"/>, taken with the MCU awake. When the
        /// resistance reads at most <see cref="ProbeFallPermille"/> of the one the guard predicts with, the cells have warmed:
        /// the reading (plus <see cref="ProbeMarginPermille"/>) replaces the resistance, and the rest reading the filtered rest
        /// voltage (readings out of light sleep were converted to the awake current with the cold resistance, so they read
        /// low by the difference); the next stroke's measurement replaces the resistance whole, and the estimate starts again
        /// from it (the floor taken at once, the level free to improve, as on a new reading of the pack). Otherwise nothing
        /// changes. Either way the test counts as a measurement for <see cref="ProbeDue"/>. Returns true when it replaced the
        /// resistance (the level is then re-evaluated).
        /// </summary>
        public bool OnPackProbe(long nowMs, int restMillivolts, int packMilliohms)
        {
            if (!_initialised) return false;
            if (packMilliohms <= 0)
            {
                // A test that read nothing is no reason to go on refusing: the guard decides as it did before the starved stroke.
                EndStarved();
                return false;
            }
            _lastMs = nowMs;
            _resistanceMs = nowMs;
            _packTests++;
            // No stroke has measured the pack yet (UsedPackUnmeasured): the test's reading is the first measurement.
            bool first = _packMilliohms <= 0;
            if (!first && packMilliohms > IntMath.MulDiv(PackMilliohmsForPrediction(), ProbeFallPermille, 1000))
            {
                // No warmer than the measurement that let the starved stroke start: it would starve again. Still refused, and
                // tested again ProbeAfterMs from now (a lock asked for every few minutes on a cold night is not a stroke each).
                if (_starvedMs != long.MinValue) _starvedMs = nowMs;
                return false;
            }
            EndStarved();
            SeatPackMilliohms(packMilliohms + IntMath.MulDiv(packMilliohms, ProbeMarginPermille, 1000));
            if (first)
            {
                // The starting state of charge read from a start-up reading through a fresh cell's resistance
                // (StartFromBootReading): the test's settled reading, taken awake after the press, and its resistance are
                // of one moment, so the count starts again from the open-circuit voltage they give (a cold 25 % pack's
                // start-up reading, 45 mA under the boot, read it critical and refused the lock the test is for). The
                // start-up reading standing alone as the rest voltage gives way to the test's.
                if (_startFromBootReading)
                {
                    _startFromBootReading = false;
                    if (_bootReadingOnly) _restFilteredMillivolts = restMillivolts;
                    _bootReadingOnly = false;
                    ReanchorStart(restMillivolts);
                }
                // With the margin the test adds for its shorter press; the first stroke's own measurement replaces it whole.
                UpdateLevel(nowMs, true);
                return true;
            }
            _resistanceSamples = 0;
            _restFilteredMillivolts = restMillivolts;
            // The cold measurements' temperature factor and margin trend belong to the cold cells.
            _factorPercent = 100;
            _filteredFactorPercent = 100;
            _strokeFactorPercent = 0;
            _strokePackMilliohms = 0;
            _trendSamples = 0;
            _floorFilteredPpm = -1;
            _remainingPairs = int.MaxValue;
            UpdateLevel(nowMs, true);
            return true;
        }

        /// <summary>
        /// The chemistry the settings name (<c>battery_chemistry</c>; <see cref="CellChemistry.Unknown"/> = detect): how the
        /// pack present at start-up is read, and the first guess for a pack fitted later (<see cref="ChemistryDetector.ChooseForNewPack"/>).
        /// It does not re-read a pack already in use: a swap may have shown that the pack now fitted is another chemistry,
        /// and saving any other setting must not undo that. <see cref="Declare"/> is the technician stating it.
        /// </summary>
        public void Configure(CellChemistry chemistry)
        {
            _configured = chemistry;
        }

        /// <summary>
        /// The technician set <c>battery_chemistry</c>: the pack in use is read as <paramref name="chemistry"/> from now on
        /// (the estimate restarts from its open-circuit voltage on that curve); <see cref="CellChemistry.Unknown"/> detects
        /// it again as for a new pack.
        /// </summary>
        public void Declare(CellChemistry chemistry)
        {
            _configured = chemistry;
            if (!_initialised) return;
            if (chemistry != CellChemistry.Unknown) Insert(_lastMs, _restFilteredMillivolts, chemistry, false);
            else InsertNewPack(_lastMs, _restFilteredMillivolts, CellChemistry.Unknown);
        }

        /// <summary>
        /// The chemistry in use and whether it still waits for a resistance measurement to tell alkaline from NiMH, as one
        /// byte for the battery record (low bits <see cref="CellChemistry"/>, <see cref="ChemistryPendingFlag"/>).
        /// </summary>
        public int ChemistryCode { get { return (int)_chemistry | (_chemistryPending ? ChemistryPendingFlag : 0); } }

        /// <summary>Flag in <see cref="ChemistryCode"/>: the pack's first resistance measurement is to tell alkaline from NiMH.</summary>
        public const int ChemistryPendingFlag = 0x80;

        /// <summary>True when <paramref name="code"/> is a <see cref="ChemistryCode"/> this firmware writes (0 = none stored).</summary>
        public static bool ValidChemistryCode(int code)
        {
            int c = code & ~ChemistryPendingFlag;
            return code >= 0 && code <= 0xFF && c <= (int)CellChemistry.Nimh;
        }

        /// <summary>
        /// The motor winding's standstill resistance when the stroke about to be reported to
        /// <see cref="OnStroke(long,int,int,int,long,bool)"/> ran, permille of its calibration value (0 = unknown; set by
        /// LockController): the thermometer <see cref="ChemistryDetector.ResolveByResistance"/> needs.
        /// </summary>
        public int WindingPermille { get; set; }

        /// <summary>State of charge from coulomb counting with the voltage correction, permille.</summary>
        public int StateOfChargePermille
        {
            get
            {
                if (!_initialised) return 1000;
                return IntMath.Clamp(StateOfChargePpm() / 1000, 0, 1000);
            }
        }

        /// <summary>How much faster than the chemistry's tables predict the guard's margin declines with depth, as measured (permille; 1000 = as the tables).</summary>
        public int TrendGainPermille { get { return _trendGainPermille; } }

        /// <summary>End-of-service state of charge the estimate counts down to (permille): below it a full-duty stroke is expected to sag the pack under <see cref="MinLoadMillivolts"/>; the floor search followed slowly (<see cref="FloorFilterStrokes"/>).</summary>
        public int EndOfServicePermille { get { return _initialised ? (_floorFilteredPpm >= 0 ? _floorFilteredPpm : FloorSocPpm()) / 1000 : 0; } }

        /// <summary>The pack resistance the estimate uses (filtered 1/16 per stroke), milliohms.</summary>
        public int SlowPackMilliohms { get { return _packSlowMilliohms; } }

        /// <summary>Learned (or, before enough discharge, rated) capacity of the pack, mAh.</summary>
        public int CapacityMilliampHours { get { return (int)(_capacityMicrocoulombs / MicrocoulombsPerMilliampHour); } }

        // Parts per million: a day's charge is a fraction of a permille, and the voltage correction moves in 1/16 steps.
        private int StateOfChargePpm()
        {
            long used = _capacityMicrocoulombs > 0 ? _usedMicrocoulombs * 1000000 / _capacityMicrocoulombs : 0;
            return (int)IntMath.Min(IntMath.Max(_startSocPermille * 1000L - used + _correctionPpm, -1000000), 2000000);
        }

        /// <summary>
        /// Measured resistance against what a warm pack at the present open-circuit voltage would show (percent;
        /// 100 = as expected at 21 C). The expectation is the fresh cell's step resistance times the chemistry's
        /// rise with depth of discharge (<see cref="ChemistryTables.ResistancePercent"/>), so a high resistance
        /// with a still-high open-circuit voltage reads as cold (E91: about 2.6x at -20 C), not as an empty pack.
        /// 100 until a stroke measured the resistance.
        /// </summary>
        public int TemperatureFactorPercent
        {
            get
            {
                if (!_initialised || _packMilliohms <= 0) return 100;
                int f = FactorPercent(_packMilliohms);
                return f > 0 ? f : 100;
            }
        }

        /// <summary>
        /// <paramref name="packMilliohms"/> against what a warm pack at the present open-circuit voltage shows, percent
        /// (25..2000); 0 when the table gives no expectation. One formula for the filtered and the per-stroke factor.
        /// </summary>
        private int FactorPercent(int packMilliohms)
        {
            int expected = WarmPackMilliohms(VoltageSocPermille());
            return expected > 0 ? IntMath.Clamp(IntMath.MulDiv(packMilliohms, 100, expected), 25, 2000) : 0;
        }

        /// <summary>
        /// True when the last stroke measured the pack and the pack reads warm: its resistance, both this stroke's own
        /// measurement and the filtered one, under <see cref="WarmFactorPercent"/> of what a warm pack at this open-circuit
        /// voltage shows, with a chemistry whose resistance table is trustworthy (alkaline, lithium). The actuator assessor's
        /// second thermometer (StrokeAssessor): cold grease cannot explain a raised motor current when the cells beside the
        /// motor are warm. False whenever in doubt (no measurement, NiMH, chemistry not known yet or chosen by the resistance).
        /// </summary>
        public bool ReadsWarm
        {
            get
            {
                int limit = WarmFactorPercent(_chemistry);
                // A chemistry the pack's resistance chose (alkaline or NiMH at a voltage both show, not the setting's) makes
                // that resistance no thermometer: a cold NiMH pack taken for alkaline would read warm.
                if (_chemistryPending || _chemistry != _configured && ChemistryDetector.Ambiguous(_chemistry, _restFilteredMillivolts / Cells)) return false;
                return _initialised && _strokeFactorPercent > 0 && limit > 0
                    && _strokeFactorPercent < limit && TemperatureFactorPercent < limit;
            }
        }

        /// <summary>
        /// How much the warm reading leaves in doubt, percent: -1 when the pack does not read warm (<see cref="ReadsWarm"/>
        /// false); else how far the higher of this stroke's own factor and the filtered one lies above
        /// <see cref="SureWarmFactorPercent"/> (0 = the pack vouches for a temperature at which cold grease cannot raise the
        /// running current to the stiff line). StrokeAssessor lifts its warm line by the grease rise that the doubt leaves
        /// possible.
        /// </summary>
        public int WarmDoubtPercent
        {
            get
            {
                if (!ReadsWarm) return -1;
                int reading = IntMath.Max(_strokeFactorPercent, TemperatureFactorPercent);
                return IntMath.Max(0, reading - SureWarmFactorPercent(_chemistry));
            }
        }

        /// <summary>
        /// Temperature factor (percent of the warm resistance) under which a warm-reading pack of <paramref name="chemistry"/>
        /// vouches for about 0 C or warmer, where cold grease raises a healthy running current by 15 % at most (docs/actuation.md,
        /// "The pack as a second thermometer"): alkaline 160 % (its whole warm band: E91 2.6 times its warm resistance at -20 C,
        /// and no DiagnosisBench pack under 160 % was colder than +2.8 C); lithium 125 %. Li-FeS2 keeps its rate capability in
        /// the cold (L91: 1.3 times at 0 C, 1.8 at -20 C), so its band 125..150 % holds packs from about +10 C down to -10 C
        /// (healthy lithium locks soaked at -14..+26 C, seeds 1 and 2, every 20 % of charge: readings under 125 % came from 0 C
        /// or warmer, each 5 % above admits about 2 K colder, down to -10 C at 145-150 %). 0 for a chemistry that is never warm.
        /// </summary>
        public static int SureWarmFactorPercent(CellChemistry chemistry)
        {
            if (chemistry == CellChemistry.Alkaline) return 160;
            if (chemistry == CellChemistry.Lithium) return 125;
            return 0;
        }

        /// <summary>
        /// True for a chemistry whose resistance rises steeply in the cold, so that a pack that reads about as it did an hour ago
        /// has not cooled by the tens of kelvin a cold snap needs to raise the grease's drag by a quarter: alkaline (E91 2.6 times
        /// its warm resistance at -20 C) and NiMH (2.4 times and more from 20 C to -15 C on the simulated packs). Not lithium
        /// (Li-FeS2 1.8 times at -20 C, and the two-point reading moves less: 1.09 times after a snap from 20 C to -8 C).
        /// </summary>
        public static bool ResistanceTracksCold(CellChemistry chemistry)
        {
            return chemistry == CellChemistry.Alkaline || chemistry == CellChemistry.Nimh;
        }

        /// <summary>
        /// Temperature factor (percent of the warm resistance) below which a pack of <paramref name="chemistry"/> reads warm,
        /// 0 for a chemistry whose table does not make it a thermometer. Measured on DiagnosisBench packs (seeds 1 and 2,
        /// <c>--strokes</c> CSV, docs/actuation.md): alkaline packs read a median 113 % at 20..30 C, 143 % at 10..20 C and 173 %
        /// at 0..10 C, and none under 160 % was colder than +2.8 C; lithium packs read 121 %, 130 % and 141 %, and none under
        /// 150 % was colder than +0.5 C. NiMH packs read 167 % at 20..30 C (the table is a poor fit): never warm.
        /// </summary>
        public static int WarmFactorPercent(CellChemistry chemistry)
        {
            if (chemistry == CellChemistry.Alkaline) return 160;
            if (chemistry == CellChemistry.Lithium) return 150;
            return 0;
        }

        /// <summary>
        /// True when the resistance is at least <see cref="ColdResistanceFactor"/> times what a warm pack at this
        /// open-circuit voltage shows while the pack is still well charged (voltage and count both at or above
        /// <see cref="ColdChargedPermille"/>): cold cells, not empty ones.
        /// </summary>
        public bool Cold
        {
            get
            {
                return TemperatureFactorPercent >= ColdResistanceFactor * 100
                    && VoltageSocPermille() >= ColdChargedPermille && StateOfChargePermille >= ColdChargedPermille;
            }
        }

        /// <summary>
        /// A rest (open-circuit) reading. The first one, or one that jumps by <see cref="SwapJumpMillivolts"/>,
        /// starts a new pack. Returns true when the level changed.
        /// </summary>
        public bool OnRestSample(long nowMs, int restMillivolts)
        {
            _lastMs = nowMs;
            if (!_initialised)
            {
                // The pack the lock starts with: as configured (a stored chemistry may replace it, RestoreAfterBoot).
                CellChemistry chemistry = ChemistryDetector.Choose(_configured, restMillivolts / Cells);
                Insert(nowMs, restMillivolts, chemistry, _configured == CellChemistry.Unknown && ChemistryDetector.Ambiguous(chemistry, restMillivolts / Cells));
                return UpdateLevel(nowMs, true);
            }
            if (restMillivolts > _restFilteredMillivolts + SwapJumpMillivolts)
            {
                _bootReadingOnly = false;
                _startFromBootReading = false;
                _swaps++;
                InsertNewPack(nowMs, restMillivolts, _chemistry);
                return UpdateLevel(nowMs, true);
            }
            // A rest reading after the start-up one: the rest voltage is no longer the boot reading alone.
            _bootReadingOnly = false;
            // First-order filter, 1/4 per sample: ADC noise (+-2 LSB) averages out, a real trend follows in a few samples.
            _restFilteredMillivolts += (restMillivolts - _restFilteredMillivolts) / 4;
            CorrectFromVoltage();
            return UpdateLevel(nowMs, false);
        }

        /// <summary>
        /// The rest voltage is a start-up reading (after a power-on, a brown-out or a software reset): taken at the end of the
        /// boot (ROM bootloader, image load, nanoCLR start-up: <see cref="PowerBudget.BootMs"/> at
        /// <see cref="PowerBudget.BootMicroamps"/>), it sits <see cref="BootReadingOffsetMicroamps"/> times the pack resistance
        /// below the awake reading the gauge's open-circuit voltage, two-point resistance and guard assume, and the resistance
        /// is not known yet. The first stroke that measures the pack after it, with a rest reading taken at the end of a boot,
        /// measures the resistance without the offset, lifts that reading standing alone onto the awake current and starts the
        /// count again from the open-circuit voltage it gives (<see cref="OnStroke(long, int, int, int, long, bool, bool)"/>,
        /// <see cref="ReanchorStart"/>). Not after a deep-sleep wake: the gauge's state from before the sleep stands, and the
        /// wake's reading is filtered into it.
        /// </summary>
        public void NoteBootReading()
        {
            _bootReadingOnly = _initialised;
            _startFromBootReading = _initialised && _resistanceSamples == 0;
        }

        /// <summary>
        /// True while the pack's starting state of charge rests on a start-up reading and no stroke has measured the pack
        /// since (<see cref="NoteBootReading"/>): kept across deep sleep (the deep-sleep record's appended byte), since the
        /// first stroke often comes after hours asleep.
        /// </summary>
        public bool StartFromBootReading
        {
            get { return _startFromBootReading; }
            set { _startFromBootReading = value && _initialised && _resistanceSamples == 0; }
        }

        /// <summary>
        /// The pack's starting state of charge was read from the start-up reading through the prior resistance (a fresh warm
        /// cell's): on a cold or nearly empty pack 100-250 mV of load drop taken for a lower open-circuit voltage. The first
        /// stroke that measures the pack right after a boot gives a rest reading and a resistance of one moment: the
        /// open-circuit voltage is <paramref name="awakeRestMillivolts"/> plus the awake current through that resistance,
        /// and the count starts again from it. Not from the filtered rest voltage: readings filtered in since the start were
        /// taken at resistances the gauge does not know (a 40 % pack that cooled to -35 C after the start read 425 permille
        /// so, and its relock went through a reserve the lock had kept before).
        /// </summary>
        private void ReanchorStart(int awakeRestMillivolts)
        {
            long usedPermille = _capacityMicrocoulombs > 0 ? _usedMicrocoulombs * 1000 / _capacityMicrocoulombs : 0;
            int rest = _restFilteredMillivolts;
            _restFilteredMillivolts = awakeRestMillivolts;
            _startSocPermille = VoltageSocPermille() + (int)usedPermille;
            _restFilteredMillivolts = rest;
            _correctionPpm = 0;
            _floorFilteredPpm = -1;
        }

        /// <summary>True while the rest voltage is the start-up reading alone (<see cref="NoteBootReading"/>).</summary>
        public bool BootReadingOnly { get { return _bootReadingOnly; } }

        /// <summary>
        /// The ADC gain changed (<see cref="BatteryMonitor.OnAdcGainChanged"/>): the filtered rest voltage is put on the new
        /// scale (x <paramref name="newGainPermille"/> / <paramref name="oldGainPermille"/>), so the next rest reading
        /// continues it instead of jumping like a new pack. The pack resistance stays: a two-point measurement took both of
        /// its voltages on one scale.
        /// </summary>
        public void RescaleVoltages(int oldGainPermille, int newGainPermille)
        {
            if (!_initialised || oldGainPermille <= 0 || newGainPermille <= 0) return;
            _restFilteredMillivolts = IntMath.MulDiv(_restFilteredMillivolts, newGainPermille, oldGainPermille);
        }

        /// <summary>
        /// After a reboot (a swap cuts the power, so the MCU restarts with a fresh estimator): takes the swap count, the
        /// last rest voltage and the chemistry code stored before the power went (battery record; code 0 = none stored).
        /// The first fresh reading <see cref="SwapJumpMillivolts"/> above the stored one is a new pack; so is one that far
        /// below it after a power-on reset (<paramref name="supplyWasRemoved"/>: nothing drew on the pack while the power
        /// was off, so it cannot have sagged; after a brown-out it may still be recovering from the stroke that caused it).
        /// A new pack's chemistry is chosen again (<see cref="ChemistryDetector.ChooseForNewPack"/>, the stored chemistry or
        /// else the setting as the first guess); the same pack keeps the stored chemistry, which a swap before may have
        /// detected against the setting. Returns true when a swap was counted.
        /// </summary>
        /// <remarks>
        /// For the same pack it also takes back the pack resistance stored before the restart
        /// (<paramref name="storedPackMilliohms"/>, 0 = none): the brown-out guard and the unlock reserve then size the first
        /// stroke after a power cut or a brown-out as they sized the last one before it, instead of from a fresh cell's
        /// resistance (a pack whose locks were refused for the reserve would lock again once after every power cut). The
        /// first stroke's own measurement replaces it whole (it may be from another temperature).
        /// </remarks>
        public bool RestoreAfterBoot(int storedRestMillivolts, int storedSwaps, int storedChemistryCode, bool supplyWasRemoved, int storedPackMilliohms)
        {
            _swaps = IntMath.Max(storedSwaps, 0) + _swaps;
            if (!_initialised) return false;
            bool known = storedChemistryCode > 0 && ValidChemistryCode(storedChemistryCode);
            CellChemistry stored = known ? (CellChemistry)(storedChemistryCode & ~ChemistryPendingFlag) : CellChemistry.Unknown;
            // A start-up reading sits the boot's offset through the pack's resistance below the awake readings the stored value
            // was filtered from: compared with that put back (the resistance stored with it), a cold nearly empty pack's
            // 40-100 mV is not taken for a step towards another pack.
            int fresh = _restFilteredMillivolts;
            if (_bootReadingOnly && storedPackMilliohms > 0) fresh += IntMath.MulDiv(BootReadingOffsetMicroamps / 1000, IntMath.Clamp(storedPackMilliohms, 20, 30000), 1000);
            bool rose = storedRestMillivolts > 0 && fresh > storedRestMillivolts + SwapJumpMillivolts;
            bool fell = storedRestMillivolts > 0 && supplyWasRemoved && fresh < storedRestMillivolts - SwapJumpMillivolts;
            // Off the flat of a lithium pack with nothing drawing on it: another pack.
            if (stored == CellChemistry.Lithium && supplyWasRemoved && storedRestMillivolts >= Cells * LithiumFlatCellMillivolts
                && fresh < storedRestMillivolts - LithiumSwapDropMillivolts) fell = true;
            if (rose || fell)
            {
                _swaps++;
                InsertNewPack(_lastMs, _restFilteredMillivolts, stored);
                UpdateLevel(_lastMs, true);
                return true;
            }
            if (!known) return false;
            int cell = _restFilteredMillivolts / Cells;
            // The same pack: the stored chemistry (a swap may have found one other than the setting's), except where the
            // voltage rules: a rest voltage only lithium shows, and on `auto` any voltage outside the range alkaline and
            // NiMH share (the stored guess may come from a reading taken before the factory's ADC trim).
            CellChemistry use = stored;
            if (cell >= ChemistryDetector.LithiumMinCellMillivolts
                || _configured == CellChemistry.Unknown && !(ChemistryDetector.Ambiguous(stored, cell) && ChemistryDetector.Ambiguous(_chemistry, cell))) use = _chemistry;
            // A pack fitted in place of it at much the same voltage (a charged NiMH pack for an alkaline one at 80 %): after
            // the supply was removed, alkaline and NiMH in their shared range are checked again by the next stroke's
            // resistance; so they are at every start on `auto`.
            bool pending = use == stored && (storedChemistryCode & ChemistryPendingFlag) != 0
                || (supplyWasRemoved || _configured == CellChemistry.Unknown) && ChemistryDetector.Ambiguous(use, cell);
            if (use != _chemistry || pending != _chemistryPending) Insert(_lastMs, _restFilteredMillivolts, use, pending);
            if (use == stored && storedPackMilliohms > 0 && _resistanceSamples == 0) SeatPackMilliohms(storedPackMilliohms);
            UpdateLevel(_lastMs, true);
            return false;
        }

        /// <summary>
        /// Takes <paramref name="milliohms"/> (clamped to 20-30,000) as the pack resistance not measured by a stroke (stored
        /// before a restart, or the pack test's): fast and slow value alike, with the prior scatter. The next stroke's
        /// measurement replaces it whole while no stroke has measured since (<c>_resistanceSamples</c> 0).
        /// </summary>
        private void SeatPackMilliohms(int milliohms)
        {
            int r = IntMath.Clamp(milliohms, 20, 30000);
            _packMilliohms = r;
            _packSlowMilliohms = r;
            _packScatterMilliohms = IntMath.MulDiv(r, PriorScatterPermille, 1000);
        }

        /// <summary>
        /// A pack fitted in place of one of <paramref name="before"/> (Unknown = not known): its chemistry is the pack
        /// before's (the owner who once fitted lithium cells in a lock set to alkaline buys lithium again), else the
        /// setting's, unless the voltage rules it out; alkaline and NiMH in their shared voltage range wait for the first
        /// resistance measurement.
        /// </summary>
        private void InsertNewPack(long nowMs, int restMillivolts, CellChemistry before)
        {
            int cell = restMillivolts / Cells;
            CellChemistry prior = before != CellChemistry.Unknown ? before : _configured;
            CellChemistry chemistry = ChemistryDetector.ChooseForNewPack(prior, cell);
            Insert(nowMs, restMillivolts, chemistry, ChemistryDetector.Ambiguous(chemistry, cell));
        }

        /// <summary>
        /// A stroke ended: rest and minimum voltage, peak current and the motor charge it drew
        /// (<paramref name="motorMicrocoulombs"/>). Returns true when the level changed.
        /// </summary>
        public bool OnStroke(long nowMs, int restMillivolts, int minLoadMillivolts, int peakMilliamps, long motorMicrocoulombs)
        {
            return OnStroke(nowMs, restMillivolts, minLoadMillivolts, peakMilliamps, motorMicrocoulombs, true);
        }

        /// <summary>
        /// A stroke ended. <paramref name="measureResistance"/> false for a duty-limited stroke: with PWM the pack
        /// current is chopped, so its drop over the peak motor current is not the pack's resistance.
        /// </summary>
        public bool OnStroke(long nowMs, int restMillivolts, int minLoadMillivolts, int peakMilliamps, long motorMicrocoulombs, bool measureResistance)
        {
            return OnStroke(nowMs, restMillivolts, minLoadMillivolts, peakMilliamps, motorMicrocoulombs, measureResistance, false);
        }

        /// <summary>
        /// The current the stroke's dip (rest reading less the lowest reading while driving) is divided by for the two-point
        /// resistance, mA: the running current times the slowly followed ratio of the sampled inrush peak to it. Why not the
        /// peak itself: on a stroke that ends at the limit switch the lowest reading comes in the running phase, where the
        /// current is set by the bolt's load and the cells' polarisation has built for a second and more, while the peak is the
        /// first 5 ms sample of the winding's rise towards its stall current. The dip grows with the cells' resistance at a
        /// nearly constant running current; the inrush sample falls with the pack's voltage on some units and stops on others
        /// (PowerBench -20 C, units 1, 3, 5, 15: -4.6 to -5.4 % over the last 400 pairs, the two-point resistance rising 5-6 %
        /// faster than the cells' and the end of service 6-13 permille higher than the floor forecast; units 2, 10, 17: flat;
        /// docs/power.md). Scaled by the followed ratio, the resistance keeps the peak's level (the brown-out guard's stall
        /// prediction was built on it) but not the inrush sample's wander over the last few hundred pairs. Falls back to the
        /// peak without a running current (a short or duty-limited stroke) and updates the ratio only on full-duty strokes.
        /// </summary>
        public int StrokeCurrentMilliamps(int peakMilliamps, int runningMilliamps, bool fullDuty)
        {
            if (runningMilliamps < 50 || peakMilliamps < runningMilliamps) return peakMilliamps;
            // Cold packs only: the filtered temperature factor at BootCorrectionNoneFactorPercent (240 %) or more (-20 C packs
            // read 252-275 %), where the inrush sample's drift was measured. Warm, the scaled running current made the
            // resistance rise slower than the cells' (0.83 -> 0.75x the plant's ohmic value over unit 10's warning period at
            // +20 C; PowerBench +20 C units 1-12, p90 mean 11.2 -> 16.3 %). The ratio is learned only while cold and started
            // again otherwise: learned on warm strokes it scaled the cold ones' running current too high (the resistance read
            // low, and a pack that turned cold at 20 % was no longer refused its locks: ColdEstimateTests' cold spell).
            if (BootCorrectionWeightPermille() > 0)
            {
                _inrushPerRunPermille = 0;
                return peakMilliamps;
            }
            int ratio = IntMath.MulDiv(peakMilliamps, 1000, runningMilliamps);
            if (fullDuty)
            {
                _inrushPerRunPermille = _inrushPerRunPermille <= 0 ? ratio : _inrushPerRunPermille + (ratio - _inrushPerRunPermille) / InrushRatioDivisor;
            }
            if (_inrushPerRunPermille <= 0) return peakMilliamps;
            return IntMath.MulDiv(runningMilliamps, _inrushPerRunPermille, 1000);
        }

        /// <summary>
        /// A stroke ended. <paramref name="restAtBoot"/>: its rest reading was taken at the end of a boot (the start-up
        /// reading, or a deep-sleep wake's), <see cref="BootReadingOffsetMicroamps"/> x R under the awake one.
        /// </summary>
        public bool OnStroke(long nowMs, int restMillivolts, int minLoadMillivolts, int peakMilliamps, long motorMicrocoulombs, bool measureResistance, bool restAtBoot)
        {
            _lastMs = nowMs;
            if (!_initialised) return false;
            int measured = measureResistance ? TwoPointMilliohms(restMillivolts, minLoadMillivolts, peakMilliamps) : 0;
            // The first measurement since a start whose state of charge was read from the boot reading
            // (StartFromBootReading), with a rest reading taken at the end of a boot: that reading sits
            // BootReadingOffsetMicroamps x R below the awake one, so the step the stroke's drop answers to is that much smaller
            // than its peak current: R = (rest - min) / (peak - offset), and the awake rest reading is rest + offset x R.
            // Only then: in service every stroke after a wake has such a rest reading, and the gauge's tables and fits were
            // measured with them as they are (docs/power.md).
            bool atBoot = _startFromBootReading && measured > 0 && peakMilliamps > BootReadingOffsetMicroamps / 1000 + 50
                && (restAtBoot || _bootReadingOnly && restMillivolts == _restFilteredMillivolts);
            int awakeRestMillivolts = restMillivolts;
            if (atBoot)
            {
                measured = IntMath.Clamp(IntMath.MulDiv(restMillivolts - minLoadMillivolts, 1000, peakMilliamps - BootReadingOffsetMicroamps / 1000), 20, 30000);
                awakeRestMillivolts = restMillivolts + IntMath.MulDiv(BootReadingOffsetMicroamps / 1000, measured, 1000);
                // The start-up reading standing alone as the rest voltage is put on the awake current.
                if (_bootReadingOnly && restMillivolts == _restFilteredMillivolts) _restFilteredMillivolts = awakeRestMillivolts;
            }
            if (measured > 0) _bootReadingOnly = false;
            // A pack whose chemistry waits is read on the curve its resistance shows; this stroke is then its first.
            bool resolved = _chemistryPending && measured > 0 && ResolveChemistry(measured);
            _strokes++;
            _usedMicrocoulombs += motorMicrocoulombs;
            _motorMicrocoulombs += motorMicrocoulombs;
            int stroke = (int)IntMath.Min(motorMicrocoulombs, int.MaxValue / 2);
            _strokeMicrocoulombsAvg = _strokes == 1 ? stroke : _strokeMicrocoulombsAvg + (stroke - _strokeMicrocoulombsAvg) / 8;
            _strokeFactorPercent = 0;
            _strokePackMilliohms = measured;
            if (measured > 0)
            {
                int r = measured;
                _resistanceMs = nowMs;
                _packMilliohms = _resistanceSamples == 0 ? r : _packMilliohms + (r - _packMilliohms) / 4;
                // The estimate's copy, filtered 1/16 per stroke (about 8 operations): the floor must not jump with every
                // stroke's scatter, which the allowance at the floor covers instead.
                _packSlowMilliohms = _resistanceSamples == 0 ? r : _packSlowMilliohms + (r - _packSlowMilliohms) / 16;
                // How far the guard's value strays from the slow mean (mean absolute deviation, 1/16 per stroke): the
                // allowance at the floor.
                int deviation = IntMath.Abs(_packMilliohms - _packSlowMilliohms);
                _packScatterMilliohms = _resistanceSamples == 0 ? IntMath.MulDiv(r, PriorScatterPermille, 1000) : _packScatterMilliohms + (deviation - _packScatterMilliohms) / 16;
                _resistanceSamples++;
                if (_resistanceSamples >= 2 && (_baselineMilliohms == 0 || _packMilliohms < _baselineMilliohms)) _baselineMilliohms = _packMilliohms;
                // The temperature factor, filtered per measurement like the resistance (the rest voltage's noise moves
                // the warm expectation between strokes; the floor must not follow it).
                int f = TemperatureFactorPercent;
                _strokeFactorPercent = FactorPercent(r);
                _filteredFactorPercent = _resistanceSamples == 1 ? f : _filteredFactorPercent + (f - _filteredFactorPercent) / 4;
                // The floor uses the highest filtered factor since the third measurement, so the estimate does not creep
                // up as the table's rise with depth and the measurement disagree a little; the first two are too noisy.
                if (_resistanceSamples >= 3) _factorPercent = IntMath.Max(_factorPercent, _filteredFactorPercent);
                if (_resistanceSamples >= 4 && !Cold) LearnTrend();
            }
            if (_startFromBootReading && _resistanceSamples == 1)
            {
                _startFromBootReading = false;
                if (atBoot) ReanchorStart(awakeRestMillivolts);
            }
            return UpdateLevel(nowMs, resolved) || resolved;
        }

        /// <summary>
        /// Learns how much faster the guard's margin (the full-duty stroke's predicted loaded voltage over the limit, from the
        /// measured rest voltage, pack and motor resistance) declines with depth than the anchored tables predict: gain =
        /// the slope of the measured margin against the charge counted over the full-duty strokes (an exponentially weighted
        /// least-squares fit, 1/<see cref="TrendSlowDivisor"/> per stroke) / the slope the anchored tables give for the same
        /// weighted strokes (<see cref="PredictedTrendSlope"/>), bounded to 1-3 (never flatter than the tables: a warming pack
        /// must not make the end look further away). The floor search scales the tables' decline by it. A projection of the
        /// loaded voltage's own trend, with the chemistry's curve shape for its acceleration towards the end.
        /// Why a fit: the earlier estimate, the difference between a fast (1/16) and a slow (1/128) running mean of the margin,
        /// rested on the fast mean of ~30 strokes of an already filtered margin, and wandered with it: the gain swung between
        /// 1.0 and 1.4 within a hundred operations on a cold pack (bench/PowerBench --trace, units 1-6 at -20 C), and the
        /// floor with it by 15-25 permille (150-250 pairs), the main part of the estimate's error from the first warning on.
        /// The fit weighs every stroke of the window instead of leaning on the last ~30.
        /// </summary>
        private void LearnTrend()
        {
            // Along the charge counted (smooth and monotonic; the state of charge also moves with the voltage correction,
            // which would read as a change of slope), turned into state of charge with the learned capacity.
            int usedMc = (int)IntMath.Min(_usedMicrocoulombs / 1000, int.MaxValue / 2);
            // The slow mean resistance: the guard's switch to the fast value on an excursion would read as a step of the trend.
            int marginUv = AnchoredMarginMillivolts(IntMath.Clamp(StateOfChargePpm(), 0, 1000000), _packSlowMilliohms) * 1000;
            if (_trendSamples == 0)
            {
                _trendSlowUsedMc = usedMc;
                _trendSlowMarginUv = marginUv;
                _trendVarMc2 = 0;
                _trendCovMcUv = 0;
            }
            _trendSamples = IntMath.Min(_trendSamples + 1, 1000000);
            // Exponentially weighted mean, variance and covariance (S' = (1 - a)(S + a d^2), d from the old mean).
            long dx = usedMc - _trendSlowUsedMc;
            long dy = marginUv - _trendSlowMarginUv;
            _trendVarMc2 += (dx * dx * (TrendSlowDivisor - 1) / TrendSlowDivisor - _trendVarMc2) / TrendSlowDivisor;
            _trendCovMcUv += (dx * dy * (TrendSlowDivisor - 1) / TrendSlowDivisor - _trendCovMcUv) / TrendSlowDivisor;
            _trendSlowUsedMc += (int)(dx / TrendSlowDivisor);
            _trendSlowMarginUv += (int)(dy / TrendSlowDivisor);
            if (_trendSamples < TrendSlowDivisor || _trendVarMc2 <= 0 || _trendCovMcUv >= 0) return;
            long capacityMc = IntMath.Max(_capacityMicrocoulombs / 1000, 1);
            // The window's mean lag in charge is (1 - a) / a strokes: the charge per stroke the fit saw.
            long strokeMc = (usedMc - _trendSlowUsedMc) / (TrendSlowDivisor - 1);
            if (strokeMc <= 0 || (usedMc - _trendSlowUsedMc) * 1000000L / capacityMc < TrendMinSpanPpm) return;
            long predictedUvPerKc = PredictedTrendSlope(strokeMc, capacityMc);
            if (predictedUvPerKc >= 0) return;
            long measuredUvPerKc = _trendCovMcUv * 1000 / _trendVarMc2;
            // Each stroke's ratio still scatters a little: filtered 1/32 per stroke, unbounded (within 0-4x) before the
            // filter so the bound does not bias the mean. The filter starts from the gain used so far (1.0), not from the
            // first ratio: taken whole, that first ratio (1.9 at stroke 131 of a 16 % alkaline pack at +20 C) moved the floor
            // by 26 permille in one stroke and the remaining operations from 810 to 514, battery_low with ~975 pairs left
            // (blind acceptance tests, 2026-11-28: 13-50 % drops 60-70 pairs after a pack was fitted).
            int raw = (int)IntMath.Min(IntMath.Max(measuredUvPerKc * 1000 / predictedUvPerKc, 0), 4000);
            int from = _trendRawPermille == 0 ? 1000 : _trendRawPermille;
            _trendRawPermille = from + (raw - from) / TrendGainDivisor;
            _trendGainPermille = IntMath.Clamp(_trendRawPermille, 1000, 3000);
        }

        /// <summary>
        /// The slope (uV per 1000 mC, negative) that the same exponentially weighted least-squares fit as <see cref="LearnTrend"/>
        /// would find if the margin followed the anchored tables exactly, for strokes <paramref name="strokeMc"/> apart going
        /// back from now with weights (1 - a)^i: the fit's slope on a curve is not the curve's slope at the window's mean, so the
        /// measured fit is compared with the tables' fit, not with a chord. Summed in steps of 8 strokes out to 6 window lengths
        /// (weight e^-6); allocates nothing.
        /// </summary>
        private long PredictedTrendSlope(long strokeMc, long capacityMc)
        {
            int socNow = IntMath.Clamp(StateOfChargePpm(), 0, 1000000);
            const int step = 8;
            // Weight of the 8 strokes from i on, 2^16 at now (it decays to ~160 at 6 window lengths: no integer stall).
            long w = 1 << 16;
            long sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (int i = 0; i < 6 * TrendSlowDivisor; i += step)
            {
                long x = -i * strokeMc;
                int soc = (int)IntMath.Min(socNow + i * strokeMc * 1000000L / capacityMc, 1000000);
                long y = AnchoredMarginMillivolts(soc, _packSlowMilliohms);
                sw += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y;
                for (int k = 0; k < step; k++) w -= w / TrendSlowDivisor;
            }
            long mx = sx / sw;
            long my = sy / sw;
            long cov = sxy / sw - mx * my;
            long varx = sxx / sw - mx * mx;
            if (varx <= 0) return 0;
            // mV per mC to uV per 1000 mC.
            return cov * 1000000 / varx;
        }

        /// <summary>Charge drawn by everything but the motor (MCU awake and asleep, LED, buzzer), microcoulombs.</summary>
        public void AddCharge(long microcoulombs)
        {
            if (microcoulombs > 0) _usedMicrocoulombs += microcoulombs;
        }

        /// <summary>
        /// Highest duty (permille) a stroke may use without sagging the pack below <see cref="MinLoadMillivolts"/>:
        /// V_load = V_rest - I_stall * R, I_stall = V_rest / (R_motor + R_bridge + R). 1000 when there is room;
        /// 0 when even the minimum duty for this direction would brown out (refuse with insufficient_battery). The motor
        /// resistance is <see cref="GuardMotorMilliohms"/>.
        /// </summary>
        public int MaxDutyPermille(bool locking)
        {
            int duty = GuardDutyPermille(locking);
            if (duty == 0) _refusedForBrownout++;
            else if (duty < 1000) _dutyLimitedStrokes++;
            return duty;
        }

        /// <summary>
        /// Duty of the pack test's press (BoltDrive.PackProbePermille): <see cref="ProbeMaxPermille"/>, or less when the
        /// guard would cap an unlock lower (never below <see cref="MinUnlockDutyPermille"/>): the test draws no more from the
        /// pack than an unlock the guard allows.
        /// </summary>
        public int ProbeDutyPermille()
        {
            return IntMath.Clamp(GuardDutyPermille(false), MinUnlockDutyPermille, ProbeMaxPermille);
        }

        /// <summary><see cref="MaxDutyPermille"/> without counting the stroke.</summary>
        private int GuardDutyPermille(bool locking)
        {
            int motorMilliohms = GuardMotorMilliohms;
            int r = PackMilliohmsForPrediction();
            int v = _restFilteredMillivolts;
            if (!_initialised || r <= 0) return 1000;
            int stallMa = IntMath.MulDiv(v, 1000, motorMilliohms + BridgeMilliohms + r);
            int dropMv = IntMath.MulDiv(stallMa, r, 1000);
            if (v - dropMv >= MinLoadMillivolts) return 1000;
            // With PWM the pack supplies about duty x motor current.
            int duty = dropMv > 0 ? IntMath.MulDiv(IntMath.Max(v - MinLoadMillivolts, 0), 1000, dropMv) : 1000;
            int floor = locking ? MinLockDutyPermille : MinUnlockDutyPermille;
            // Never throw the bolt with a stroke that needs limiting: withdrawing it later would need one too.
            if (locking && duty < 1000) duty = 0;
            if (duty < floor) return locking ? 0 : floor;
            return IntMath.Min(duty, 1000);
        }

        /// <summary>Pack voltage predicted at the motor's stall current, mV.</summary>
        public int PredictedLoadMillivolts(int motorMilliohms)
        {
            int r = PackMilliohmsForPrediction();
            int stallMa = IntMath.MulDiv(_restFilteredMillivolts, 1000, motorMilliohms + BridgeMilliohms + r);
            return _restFilteredMillivolts - IntMath.MulDiv(stallMa, r, 1000);
        }

        /// <summary>True when cold (not emptiness) is what keeps the pack from driving a full-duty stroke.</summary>
        public bool ColdLimited(int motorMilliohms)
        {
            return Cold && PredictedLoadMillivolts(motorMilliohms) < MinLoadMillivolts;
        }

        /// <summary>
        /// The pack resistance the brown-out guard predicts the next stroke with, milliohms: the slow mean (1/16 per stroke),
        /// unless the fast value (1/4) is above it by more than <see cref="GuardScatterTenths"/> of its own measured mean
        /// absolute deviation, which the stroke-to-stroke scatter does not explain: a real step (colder cells) then
        /// counts at once. The scatter of the two-point measurement (the stall's length, friction and the polarisation
        /// the minimum catches) is no property of the pack; following it made the first refused lock fall wherever a high
        /// sample happened to come, tens of pairs either way on a cold pack.
        /// </summary>
        private int PackMilliohmsForPrediction()
        {
            if (_packMilliohms <= 0) return Cells * ChemistryTables.FreshCellMilliohms(_chemistry);
            if (_resistanceSamples < 8) return _packMilliohms;
            return IntMath.Max(_packSlowMilliohms, _packMilliohms - IntMath.MulDiv(_packScatterMilliohms, GuardScatterTenths, 10));
        }

        /// <summary>
        /// Writes the whole gauge state (before deep sleep, which loses RAM; <see cref="ReadState"/> restores it on the
        /// wake so the coulomb count and the resistance history carry on).
        /// </summary>
        public void WriteState(ByteWriter w)
        {
            w.Byte(_initialised ? 1 : 0);
            w.Byte((int)_configured);
            w.Byte(ChemistryCode);
            w.Byte((int)_level);
            w.Int64(_insertedMs);
            w.Int64(_lastMs);
            w.Int32(_restFilteredMillivolts);
            w.Int32(_startSocPermille);
            w.Int32(_correctionPpm);
            w.Int64(_usedMicrocoulombs);
            w.Int64(_motorMicrocoulombs);
            w.Int64(_capacityMicrocoulombs);
            w.Int32(_strokes);
            w.Int32(_strokeMicrocoulombsAvg);
            w.Int32(_packMilliohms);
            w.Int32(_packSlowMilliohms);
            w.Int32(_baselineMilliohms);
            w.Int32(_resistanceSamples);
            w.Int32(_factorPercent);
            w.Int32(_filteredFactorPercent);
            w.Int32(_swaps);
            w.Int32(_dutyLimitedStrokes);
            w.Int32(_refusedForBrownout);
            w.Int32(_trendGainPermille);
            w.Int32(_trendSlowUsedMc);
            w.Int32(_trendSlowMarginUv);
            w.Int64(_trendVarMc2);
            w.Int64(_trendCovMcUv);
            w.Int32(_trendSamples);
            w.Int32(_trendRawPermille);
            w.Int32(_motorSlowMilliohms);
            w.Int32(_packScatterMilliohms);
            w.Int32(_floorFilteredPpm);
            w.Int32(_floorFilteredStrokes);
            w.Int64(_resistanceMs);
            w.Int32(_packTests);
            w.Int32(_motorFloorMilliohms);
            w.Int32(_remainingPairs);
            w.Int32(_motorScatterSixteenths);
            w.Int32(_inrushPerRunPermille);
        }

        /// <summary>Restores what <see cref="WriteState"/> wrote; false (state unchanged) when the record is short.</summary>
        public bool ReadState(ByteReader r, long nowMs)
        {
            bool initialised = r.Byte() != 0;
            CellChemistry configured = (CellChemistry)r.Byte();
            int chemistryCode = r.Byte();
            BatteryLevel level = (BatteryLevel)r.Byte();
            long insertedMs = r.Int64();
            long lastMs = r.Int64();
            int rest = r.Int32();
            int startSoc = r.Int32();
            int correction = r.Int32();
            long used = r.Int64();
            long motor = r.Int64();
            long capacity = r.Int64();
            int strokes = r.Int32();
            int strokeAvg = r.Int32();
            int pack = r.Int32();
            int packSlow = r.Int32();
            int baseline = r.Int32();
            int samples = r.Int32();
            int maxFactor = r.Int32();
            int filteredFactor = r.Int32();
            int swaps = r.Int32();
            int limited = r.Int32();
            int refused = r.Int32();
            int trendGain = r.Int32();
            int slowSoc = r.Int32();
            int slowMargin = r.Int32();
            long trendVar = r.Int64();
            long trendCov = r.Int64();
            int trendSamples = r.Int32();
            int trendRaw = r.Int32();
            int motorSlow = r.Int32();
            int scatter = r.Int32();
            if (r.Overrun || capacity <= 0 || !ValidChemistryCode(chemistryCode) || (chemistryCode & ~ChemistryPendingFlag) == 0) return false;
            int floorFollowed = r.Int32();
            int floorStrokes = r.Int32();
            // A value no floor can have is read as "none yet": the next estimate starts from the search.
            _floorFilteredPpm = r.Overrun || floorFollowed < -1 || floorFollowed > 1000000 ? -1 : floorFollowed;
            _floorFilteredStrokes = floorStrokes;
            long resistanceMs = r.Int64();
            int packTests = r.Int32();
            _resistanceMs = r.Overrun ? long.MinValue : resistanceMs;
            _packTests = r.Overrun ? 0 : packTests;
            int motorFloor = r.Int32();
            // A record from before the floor's own motor mean, or a value no winding has (the setter's bounds): it starts
            // from the guard's.
            _motorFloorMilliohms = r.Overrun || motorFloor < MinWindingMilliohms || motorFloor > MaxWindingMilliohms ? 0 : motorFloor;
            // The estimate before the sleep: the wake's estimate rises from it only as fast as Estimate lets a rise through
            // (without it every wake, 25 a day, took the unsmoothed value: 213 -> 242 pairs on FloorSteadinessTests' pack).
            int remaining = r.Int32();
            _remainingPairs = r.Overrun || remaining < 0 || remaining > 1000000 ? int.MaxValue : remaining;
            // A record from before the motor scatter, or a value no scatter of a winding has: the prior until strokes measure it.
            int motorScatter = r.Int32();
            _motorScatterSixteenths = r.Overrun || motorScatter <= 0 || motorScatter > MaxWindingMilliohms * 4 ? 0 : motorScatter;
            // A record from before the inrush ratio, or a ratio no stroke gives (the peak is at least the running current): learned anew.
            int inrushRatio = r.Int32();
            _inrushPerRunPermille = r.Overrun || inrushRatio < 1000 || inrushRatio > 10000 ? 0 : inrushRatio;
            _initialised = initialised;
            _configured = configured;
            _chemistry = (CellChemistry)(chemistryCode & ~ChemistryPendingFlag);
            _chemistryPending = (chemistryCode & ChemistryPendingFlag) != 0;
            _level = level;
            _insertedMs = insertedMs;
            _lastMs = lastMs;
            _restFilteredMillivolts = rest;
            _startSocPermille = startSoc;
            _correctionPpm = correction;
            _usedMicrocoulombs = used;
            _motorMicrocoulombs = motor;
            _capacityMicrocoulombs = capacity;
            _strokes = strokes;
            _strokeMicrocoulombsAvg = strokeAvg;
            _packMilliohms = pack;
            _packSlowMilliohms = packSlow;
            _baselineMilliohms = baseline;
            _resistanceSamples = samples;
            _factorPercent = maxFactor;
            _filteredFactorPercent = filteredFactor;
            _swaps = swaps;
            _dutyLimitedStrokes = limited;
            _refusedForBrownout = refused;
            _trendGainPermille = trendGain;
            _trendSlowUsedMc = slowSoc;
            _trendSlowMarginUv = slowMargin;
            _trendVarMc2 = trendVar;
            _trendCovMcUv = trendCov;
            _trendSamples = trendSamples;
            _trendRawPermille = trendRaw;
            _motorSlowMilliohms = motorSlow;
            _packScatterMilliohms = scatter;
            if (_initialised) Estimate(nowMs);
            // Derived, not stored: the state just restored says whether locking is refused.
            _reservedAtUpdate = LocksReserved;
            return true;
        }

        /// <summary>
        /// The first full-duty stroke on a pack whose chemistry waits (<see cref="ChemistryDetector.Ambiguous"/>): its
        /// two-point resistance decides alkaline or NiMH. True when the chemistry changed: the estimate restarted on the
        /// other curve, and the stroke is then counted as that estimate's first.
        /// </summary>
        private bool ResolveChemistry(int packMilliohms)
        {
            _chemistryPending = false;
            CellChemistry chemistry = ChemistryDetector.ResolveByResistance(_chemistry, _chemistry == _configured, packMilliohms, Cells, WindingPermille);
            if (chemistry == _chemistry) return false;
            Insert(_lastMs, _restFilteredMillivolts, chemistry, false);
            return true;
        }

        /// <summary>
        /// Two-point method: the pack's own drop across the load step (lock-domain: +-5-8 % gauging), milliohms; 0 when
        /// the stroke gives no step to measure (no rest reading, no sag, or under 50 mA).
        /// </summary>
        private static int TwoPointMilliohms(int restMillivolts, int minLoadMillivolts, int peakMilliamps)
        {
            if (restMillivolts <= 0 || minLoadMillivolts >= restMillivolts || peakMilliamps < 50) return 0;
            return IntMath.Clamp(IntMath.MulDiv(restMillivolts - minLoadMillivolts, 1000, peakMilliamps), 20, 30000);
        }

        private void Insert(long nowMs, int restMillivolts, CellChemistry chemistry, bool pending)
        {
            _initialised = true;
            _insertedMs = nowMs;
            _restFilteredMillivolts = restMillivolts;
            _chemistry = chemistry;
            _chemistryPending = pending;
            _packMilliohms = 0;
            _packSlowMilliohms = 0;
            _packScatterMilliohms = 0;
            _resistanceMs = long.MinValue;
            _starvedMs = long.MinValue;
            _refusedAtStop = false;
            _startSocPermille = VoltageSocPermille();
            _correctionPpm = 0;
            _usedMicrocoulombs = 0;
            _motorMicrocoulombs = 0;
            _capacityMicrocoulombs = ChemistryTables.CapacityMilliampHours(_chemistry) * MicrocoulombsPerMilliampHour;
            _strokes = 0;
            _strokeMicrocoulombsAvg = 0;
            _packMilliohms = 0;
            _baselineMilliohms = 0;
            _resistanceSamples = 0;
            _factorPercent = 100;
            _filteredFactorPercent = 100;
            _strokeFactorPercent = 0;
            _strokePackMilliohms = 0;
            _trendGainPermille = 1000;
            _trendSlowUsedMc = 0;
            _trendSlowMarginUv = 0;
            _trendVarMc2 = 0;
            _trendCovMcUv = 0;
            _trendSamples = 0;
            _trendRawPermille = 0;
            _inrushPerRunPermille = 0;
            _level = BatteryLevel.Ok;
            _floorFilteredPpm = -1;
            _reservedAtUpdate = false;
        }

        private int VoltageSocPermille()
        {
            return ChemistryTables.SocFromCellMillivolts(_chemistry, (OpenCircuitMillivolts() + BootPolarisationMillivolts()) / Cells);
        }

        /// <summary>
        /// The boot's polarisation the rest readings carry, mV, added back to the open-circuit voltage the state of charge is
        /// read from while the pack reads warm (<see cref="BootCorrectionWeightPermille"/>); the guard, the anchored margin and
        /// the resistance use the readings as they are. 0 until a stroke has measured the pack.
        /// </summary>
        private int BootPolarisationMillivolts()
        {
            if (_packMilliohms <= 0) return 0;
            return IntMath.MulDiv(IntMath.MulDiv(BootPolarisationMilliamps, PackMilliohmsForPrediction(), 1000), BootCorrectionWeightPermille(), 1000);
        }

        /// <summary>
        /// How much of the boot correction applies, permille: all of it while the filtered temperature factor is at most
        /// <see cref="BootCorrectionFullFactorPercent"/>, none from <see cref="BootCorrectionNoneFactorPercent"/> on, linear between.
        /// Uses the stored filtered factor (the factor itself is read from the state of charge this corrects).
        /// </summary>
        private int BootCorrectionWeightPermille()
        {
            return IntMath.Clamp(IntMath.MulDiv(BootCorrectionNoneFactorPercent - _filteredFactorPercent, 1000,
                BootCorrectionNoneFactorPercent - BootCorrectionFullFactorPercent), 0, 1000);
        }

        private void CorrectFromVoltage()
        {
            int soc = StateOfChargePermille;
            int volt = VoltageSocPermille();
            if (_chemistry == CellChemistry.Lithium)
            {
                // Flat plateau: only the end cliff (below ~1.6 V per cell at rest) is information.
                if (volt < 100 && soc > volt) _correctionPpm -= (soc - volt) * 1000;
                return;
            }
            LearnCapacity(volt);
            // Sloping curve, trimmed ADC: the rested voltage is the better measure of the state of charge over days (the
            // count misses self-discharge and the capacity's spread), the count the better one between samples.
            int step = (volt * 1000 - StateOfChargePpm()) / VoltageCorrectionDivisor;
            _correctionPpm += step;
            // The anchored floor search is the present state of charge less the distance the measured margin represents,
            // so a correction of the count moves the search by the same step: the followed floor moves with it. Left
            // behind, the followed floor (1/FloorFilterStrokes per stroke) turned each rest reading's correction into
            // the estimate one for one: near the end of a cold pack the correction wanders +-2 permille over tens of
            // pairs (the rest reading's 3 mV steps and the awake drop through the resistance the guard switches between,
            // ~2 mV per permille on the slope), +-18 pairs, the largest part of the estimate's error there.
            if (_floorFilteredPpm >= 0 && FloorAnchored) _floorFilteredPpm = IntMath.Clamp(_floorFilteredPpm + step, 0, 1000000);
        }

        /// <summary>True when the floor search is anchored at the present measurement (<see cref="FloorSocPpm"/>).</summary>
        private bool FloorAnchored { get { return _packMilliohms > 0 && !Cold; } }

        /// <summary>
        /// Capacity = charge counted since insertion / drop of the rest voltage's state of charge, once the drop is at
        /// least <see cref="CapacityLearnDropPermille"/>; bounded to 0.8-1.5x rated. The state of charge is kept
        /// continuous across the change (the correction takes up the difference).
        /// </summary>
        private void LearnCapacity(int voltSocPermille)
        {
            int drop = _startSocPermille - voltSocPermille;
            if (drop < CapacityLearnDropPermille || _usedMicrocoulombs <= 0) return;
            long rated = ChemistryTables.CapacityMilliampHours(_chemistry) * MicrocoulombsPerMilliampHour;
            long learned = IntMath.Min(IntMath.Max(_usedMicrocoulombs * 1000 / drop, rated * 8 / 10), rated * 3 / 2);
            int before = StateOfChargePpm();
            long old = _capacityMicrocoulombs;
            _capacityMicrocoulombs = learned;
            _correctionPpm += before - StateOfChargePpm();
            // The trend gain is the measured margin slope per charge over the tables' slope per charge, and the tables' is
            // their slope per state of charge over the capacity: a new capacity moves the gain by the same ratio at once,
            // so the floor's distance in charge (capacity / gain) stays what the margin measured. Left to LearnTrend's
            // 1/TrendGainDivisor filter, a capacity learned late lifted the estimate at once and the gain caught up over
            // ~100 strokes, lifting the floor 5-6 permille and the followed floor then sank back over the last 200 pairs
            // (ColdEstimateTests unit 3 after boot9 on the breakaway check: capacity 2600 -> 2973 mAh at operation
            // ~2500, gain 1000 -> 1237, estimate +11 % then -19 % to the end; docs/power.md).
            if (_trendRawPermille > 0 && old > 0)
            {
                _trendRawPermille = (int)IntMath.Min(_trendRawPermille * learned / old, 4000);
                _trendGainPermille = IntMath.Clamp(_trendRawPermille, 1000, 3000);
            }
        }

        /// <summary>
        /// State of charge (ppm) below which the pack can no longer drive a full-duty stroke (the motor's stall current)
        /// above <see cref="MinLoadMillivolts"/>: the reserve above it must still unlock at full duty, since duty-limited
        /// unlocks near the end of life may not throw the bolt back. Predicted per state of charge from the open-circuit
        /// table and V_load = V_ocv - (I_awake + I_stall) * R, I_stall = (V_ocv - I_awake * R) / (R_motor + R_bridge + R);
        /// searched in <see cref="FloorStepPermille"/> steps and interpolated linearly on the margin between the last
        /// step below and the first one above (a whole step is tens of operations near the end).
        /// </summary>
        private int FloorSocPpm()
        {
            int motor = FloorMotorMilliohms + BridgeMilliohms;
            // Anchored at the present measurement: the open-circuit voltage and the resistance at another state of
            // charge are the measured ones moved by the chemistry's table (OCV drop, resistance rise with depth), so
            // at the present state of charge the floor search agrees exactly with the brown-out guard and the reserve,
            // and the measured resistance carries today's temperature. A cold but well-charged pack (Cold) is expected
            // to warm up before it is near empty: the warm resistance is used instead.
            bool anchored = FloorAnchored;
            // Li-FeS2's flat curve gives the anchor little to hold on to: the table x highest temperature factor also
            // bounds its floor. On the sloping chemistries the anchored search is exact at the present state of charge.
            int factorFloor = anchored && _chemistry == CellChemistry.Lithium ? FactorFloorSocPpm(motor) : 0;
            int scatter = ScatterPermille();
            int packNow = PackMilliohmsForPrediction();
            int marginNow = anchored ? AnchoredMarginMillivolts(IntMath.Clamp(StateOfChargePpm(), 0, 1000000), packNow) : 0;
            int previous = 0;
            for (int soc = 0; soc <= 1000; soc += FloorStepPermille)
            {
                int margin;
                if (anchored)
                {
                    // The tables' decline from the present, scaled by the measured trend (LearnTrend).
                    margin = marginNow + IntMath.MulDiv(AnchoredMarginAt(soc, packNow) - marginNow, _trendGainPermille, 1000);
                }
                else
                {
                    margin = LoadMarginMillivolts(Cells * ChemistryTables.CellMillivoltsFromSoc(_chemistry, soc), WarmPackMilliohms(soc), motor, scatter);
                }
                if (margin >= 0) return IntMath.Max(InterpolatedFloorPpm(soc, previous, margin), factorFloor);
                previous = margin;
            }
            return 1000000;
        }

        /// <summary>
        /// The guard's margin (mV over <see cref="MinLoadMillivolts"/>, less the allowance) for a full-duty stroke at a state of
        /// charge (ppm), anchored at the present measurement: the open-circuit voltage and the pack resistance are the measured
        /// ones moved by the chemistry's tables (OCV drop, resistance rise with depth), so at the present state of charge it is
        /// the guard's own prediction and the measured resistance carries today's temperature. Interpolated between permille steps.
        /// </summary>
        private int AnchoredMarginMillivolts(int socPpm, int packMilliohms)
        {
            int permille = IntMath.Clamp(socPpm / 1000, 0, 999);
            int below = AnchoredMarginAt(permille, packMilliohms);
            return below + IntMath.MulDiv(AnchoredMarginAt(permille + 1, packMilliohms) - below, IntMath.Clamp(socPpm - permille * 1000, 0, 1000), 1000);
        }

        /// <summary>The anchored margin (<see cref="AnchoredMarginMillivolts"/>) at a state of charge in permille, mV.</summary>
        private int AnchoredMarginAt(int socPermille, int packMilliohms)
        {
            int now = IntMath.Clamp(StateOfChargePermille, 0, 1000);
            int ocv = OpenCircuitMillivolts() + Cells * (ChemistryTables.CellMillivoltsFromSoc(_chemistry, socPermille) - ChemistryTables.CellMillivoltsFromSoc(_chemistry, now));
            int riseNow = IntMath.Max(ChemistryTables.ResistancePercent(_chemistry, now), 1);
            int scatter = ScatterPermille();
            int r = IntMath.MulDiv(packMilliohms, ChemistryTables.ResistancePercent(_chemistry, socPermille), riseNow);
            return LoadMarginMillivolts(ocv, r, FloorMotorMilliohms + BridgeMilliohms, scatter);
        }

        /// <summary>
        /// The floor (ppm) from the table resistance times the highest filtered temperature factor since the third
        /// measurement: slower to follow a measurement than the anchored search, it keeps the floor up when the measured
        /// resistance steps up within a few strokes (a cold pack cycled fast), so critical still comes before the guard refuses.
        /// </summary>
        private int FactorFloorSocPpm(int motor)
        {
            int factor = IntMath.Max(_factorPercent, 100);
            int scatter = ScatterPermille();
            int previous = 0;
            for (int soc = 0; soc <= 1000; soc += FloorStepPermille)
            {
                int ocv = Cells * ChemistryTables.CellMillivoltsFromSoc(_chemistry, soc);
                int r = IntMath.MulDiv(WarmPackMilliohms(soc), factor, 100);
                int margin = LoadMarginMillivolts(ocv, r, motor, scatter);
                if (margin >= 0) return InterpolatedFloorPpm(soc, previous, margin);
                previous = margin;
            }
            return 1000000;
        }

        /// <summary>
        /// Pack voltage at a full-duty stroke's stall current minus <see cref="MinLoadMillivolts"/> and the guard's scatter
        /// (<see cref="GuardNoiseMillivolts"/>, and the pack resistance raised by <paramref name="scatterPermille"/>), for an
        /// open-circuit voltage and a pack resistance: the awake MCU's current flows as well (it is what the rest readings carry too).
        /// </summary>
        private static int LoadMarginMillivolts(int ocvMillivolts, int packMilliohms, int motorMilliohms, int scatterPermille)
        {
            int loaded = ocvMillivolts - IntMath.MulDiv(PowerBudget.ActiveMicroamps / 1000, packMilliohms, 1000);
            int guardMilliohms = packMilliohms + IntMath.MulDiv(packMilliohms, scatterPermille, 1000);
            int stallMa = IntMath.MulDiv(loaded, 1000, motorMilliohms + guardMilliohms);
            int dropMv = IntMath.MulDiv(stallMa, guardMilliohms, 1000);
            return loaded - dropMv - MinLoadMillivolts - GuardNoiseMillivolts;
        }

        /// <summary>
        /// The guard's expected high excursion of the pack resistance over its slow mean, permille of it:
        /// <see cref="ScatterAllowanceTenths"/> measured mean absolute deviations (starting from <see cref="PriorScatterPermille"/>);
        /// 40 (4 %) before any stroke measured the resistance.
        /// </summary>
        private int ScatterPermille()
        {
            if (_resistanceSamples == 0 || _packSlowMilliohms <= 0) return 40;
            return IntMath.Clamp(IntMath.MulDiv(_packScatterMilliohms, ScatterAllowanceTenths * 100, _packSlowMilliohms), 5, 200);
        }

        /// <summary>The floor between the step below (<paramref name="previousMargin"/> &lt; 0) and <paramref name="socPermille"/>, ppm.</summary>
        private static int InterpolatedFloorPpm(int socPermille, int previousMargin, int margin)
        {
            if (socPermille == 0) return 0;
            int span = margin - previousMargin;
            int back = span > 0 ? IntMath.MulDiv(FloorStepPermille * 1000, margin, span) : 0;
            return socPermille * 1000 - back;
        }

        /// <summary>
        /// The rest reading the pack would give with the MCU awake (<see cref="PowerBudget.ActiveMicroamps"/>) for one taken
        /// at the light-sleep current (<see cref="PowerBudget.SleepMicroamps"/>), mV: lower by the current step times the
        /// pack resistance the guard predicts with.
        /// </summary>
        public int AwakeMillivolts(int sleepingMillivolts)
        {
            return sleepingMillivolts - IntMath.MulDiv(PowerBudget.WakeStepMilliamps, PackMilliohmsForPrediction(), 1000);
        }

        /// <summary>
        /// Open-circuit voltage of the pack, mV: the rest readings are taken with the MCU awake, so they sit its ~38 mA
        /// times the pack resistance below the open-circuit voltage (20 mV fresh and warm, 100-200 mV near the end or cold).
        /// </summary>
        private int OpenCircuitMillivolts()
        {
            return _restFilteredMillivolts + IntMath.MulDiv(PowerBudget.ActiveMicroamps / 1000, PackMilliohmsForPrediction(), 1000);
        }

        /// <summary>Step resistance of a warm pack at a state of charge (permille), milliohms.</summary>
        private int WarmPackMilliohms(int socPermille)
        {
            return IntMath.MulDiv(Cells * ChemistryTables.StepCellMilliohms(_chemistry), ChemistryTables.ResistancePercent(_chemistry, socPermille), 100);
        }

        private void Estimate(long nowMs)
        {
            long elapsed = IntMath.Max(nowMs - _insertedMs, 1);
            int soc = StateOfChargePermille;
            long usable = (long)IntMath.Max(StateOfChargePpm() - FollowFloorPpm(nowMs), 0) * (_capacityMicrocoulombs / 1000) / 1000;
            if (_chemistry == CellChemistry.Lithium && _baselineMilliohms > 0 && _packMilliohms > 3 * _baselineMilliohms && soc < 300)
            {
                // End of service by resistance (BQ35100 style): a Li-FeS2 pack near its cliff.
                usable = usable / 4;
            }
            // Observed usage once a day of history exists; Kwikset's 10 operations a day before that.
            long opsPerDayX100 = elapsed >= MsPerDay && _strokes > 0 ? (long)_strokes * MsPerDay * 100 / elapsed : DefaultOperationsPerDay * 100;
            opsPerDayX100 = IntMath.Max(opsPerDayX100, 10);
            // The operations are counted at that usage or Kwikset's, whichever is busier: what the pack holds, not how few of
            // them a rarely used lock will make before the idle draw ends it (the days say that). Counted at a rare usage
            // every pair carried days of idle draw: one unlock after two idle days took a half-full alkaline pack from 3,447
            // pairs to 293 and battery_low, and the 20-pair reserve grew with it until a 20 % pack away for a month refused
            // every lock, the door left unlocked (blind acceptance tests, 2026-11-28).
            long countedOpsPerDayX100 = IntMath.Max(opsPerDayX100, DefaultOperationsPerDay * 100);
            // Non-motor draw (MCU, board, LED, buzzer) per hour, observed once a day of history exists (the first hours
            // hold the start-up and the awake windows around the first operations, which would read many times the
            // daily average), else the deep-sleep expectation.
            long idleUcPerHour = elapsed >= MsPerDay ? IdleMicrocoulombsPerHour(elapsed) : DefaultIdleMicroamps * 3600L;
            long strokeUc = _strokes > 0 ? _strokeMicrocoulombsAvg : 150000;
            long perPair = IntMath.Max(ChargePerPair(strokeUc, idleUcPerHour, countedOpsPerDayX100), 1);
            long pairs = IntMath.Max(usable / perPair - ReservePairs, 0);
            // Rises are smoothed once a day of history exists (as fuel gauges smooth their remaining capacity): the
            // anchored floor follows the rest voltage's noise and a pack's relaxation, and the learned capacity moves
            // with it; a real rise (a cold pack warming) still comes through, 1/32 of the gap and at most
            // MaxRisePairsPerUpdate per update (25-35 updates a day: 50-70 pairs a day).
            if (nowMs - _insertedMs >= MsPerDay && _remainingPairs < int.MaxValue && pairs > _remainingPairs)
            {
                pairs = _remainingPairs + IntMath.Min((pairs - _remainingPairs) / 32, MaxRisePairsPerUpdate);
            }
            _remainingPairs = (int)IntMath.Min(pairs, 1000000);
            // The days: the charge those pairs stand for, spent at the observed usage.
            long observedPerPair = IntMath.Max(ChargePerPair(strokeUc, idleUcPerHour, opsPerDayX100), 1);
            long observedPairs = pairs * perPair / observedPerPair;
            _remainingDays = (int)IntMath.Min(observedPairs * 2 * 100 / opsPerDayX100, 1000000);
        }

        /// <summary>
        /// Non-motor draw per hour, uC: what the pack gave since it went in, padded with <see cref="DefaultIdleMicroamps"/> up to
        /// <see cref="IdlePriorMs"/> of history, so that one unusual day early in a pack's life (a door propped open keeps the
        /// lock in light sleep, 19 mAh a day against 0.5) does not stand for its whole future.
        /// </summary>
        private long IdleMicrocoulombsPerHour(long elapsedMs)
        {
            long span = IntMath.Max(elapsedMs, IdlePriorMs);
            long idleUc = IntMath.Max(_usedMicrocoulombs - _motorMicrocoulombs, 0) + DefaultIdleMicroamps * (span - elapsedMs) / 1000;
            return idleUc * 3600000 / span;
        }

        /// <summary>
        /// Charge one lock-plus-unlock pair costs at <paramref name="opsPerDayX100"/> operations a day (x100), uC: its two
        /// strokes and the non-motor draw of the hours between pairs.
        /// </summary>
        private static long ChargePerPair(long strokeUc, long idleUcPerHour, long opsPerDayX100)
        {
            long hoursPerPairX100 = 2L * 24 * 100 * 100 / opsPerDayX100;
            return 2 * strokeUc + idleUcPerHour * hoursPerPairX100 / 100;
        }

        /// <summary>
        /// The floor the estimate counts down to, ppm: <see cref="FloorSocPpm"/> followed 1/<see cref="FloorFilterStrokes"/>
        /// per stroke. The search rests on one rest reading, the slow pack resistance and the motor-resistance mean, and
        /// these move it +-3-5 permille from stroke to stroke near the end of a cold pack (30-40 pairs; the motor mean alone
        /// +-2 %, ~13 mV); the end of service itself does not move so. Taken at once during the first day of a pack (the
        /// first measurements replace the table's guesses), at its first search, and when the search rises more than
        /// <see cref="FloorStepPpm"/> above it (colder cells: a real step, and the pessimistic way). A falling search
        /// (a pack warming up) is followed slowly, which is also the safe way.
        /// From critical on (at most <see cref="CriticalPairs"/> left) the floor is held (a step up is still taken at once,
        /// the count's voltage correction still moves it, and a search more than <see cref="FloorStepPpm"/> below it, a pack
        /// warmed after a cold spell, is followed as before: held against that, a pack that went critical in the cold kept
        /// 0 pairs and refused every lock once warm, ColdEstimateTests): the estimate then counts down the charge drawn, and the end of
        /// service comes where that count says. Followed to the end, the floor's last wander (+-1-3 permille over the last
        /// 60 pairs, 8-25 pairs on a cold pack) decided where the reserve began, so the last tens of pairs were off by
        /// whatever the wander did after the estimate was read (ColdEstimateTests unit 1 after boot9 on the breakaway check:
        /// 30 pairs left read 23, 9 read 6; max error 39 %). The guard's own prediction (<see cref="LocksReserved"/>) still
        /// refuses a lock that would sag the pack below the floor, whatever the count (docs/power.md).
        /// </summary>
        private int FollowFloorPpm(long nowMs)
        {
            int search = FloorSocPpm();
            if (_floorFilteredPpm < 0 || nowMs - _insertedMs < MsPerDay || search > _floorFilteredPpm + FloorStepPpm)
            {
                _floorFilteredPpm = search;
                _floorFilteredStrokes = _strokes;
            }
            else if (_strokes != _floorFilteredStrokes && (_remainingPairs > CriticalPairs || search < _floorFilteredPpm - FloorStepPpm))
            {
                _floorFilteredStrokes = _strokes;
                _floorFilteredPpm += (search - _floorFilteredPpm) / FloorFilterStrokes;
            }
            return _floorFilteredPpm;
        }

        private bool UpdateLevel(long nowMs, bool fresh)
        {
            Estimate(nowMs);
            BatteryLevel next = _level;
            int pairs = _remainingPairs;
            // A level improves only on evidence: a new pack (fresh), or during the first day after insertion while
            // the usage is still the 10-a-day assumption, and then only past the hysteresis margin. Afterwards an
            // estimate that wobbles up (voltage correction, usage changing) never un-warns the owner.
            bool mayImprove = fresh || nowMs - _insertedMs < MsPerDay;
            if (pairs <= CriticalPairs) next = BatteryLevel.Critical;
            else if (pairs <= WarningPairs) next = _level == BatteryLevel.Critical && pairs <= CriticalPairs * (100 + HysteresisPercent) / 100 ? BatteryLevel.Critical : BatteryLevel.Warning;
            else if (pairs > WarningPairs * (100 + HysteresisPercent) / 100 || fresh) next = BatteryLevel.Ok;
            else if (_level == BatteryLevel.Critical) next = BatteryLevel.Warning;
            if (!mayImprove && next < _level) next = _level;
            BatteryLevel before = Level;
            _level = next;
            _reservedAtUpdate = LocksReserved;
            return Level != before || fresh;
        }
    }
}
