using LockFirmware.Access;
using LockFirmware.Hal;
using LockFirmware.Power;
using LockFirmware.Runtime;
using LockFirmware.Sensing;

namespace LockFirmware.Actuation
{
    /// <summary>
    /// Drives the bolt through one stroke the way automotive anti-pinch controllers move a window: soft
    /// start, an inrush blind time, fixed-rate current sampling, stop on the limit switch or the end-stop
    /// current rise, stall detection against the stall current predicted from battery voltage and winding
    /// resistance, brake then coast, back-off and bounded retries, and on giving up a recovery move to the
    /// end the stroke came from. Never holds a stall longer than <see cref="ActuationTuning.StallConfirmSamples"/>
    /// samples and never leaves the bridge energised when idle. Allocates nothing per stroke.
    /// </summary>
    public sealed class BoltDrive
    {
        private readonly Board _board;
        private readonly TransitionTrace _trace;
        private readonly AdcScale _scale;
        private readonly Calibration _calibration;
        private readonly StrokeRecord _record = new StrokeRecord();
        private readonly int[] _attemptStopTenthsMm = new int[ActuationTuning.MaxAttempts];
        private readonly int[] _recentFullMs = new int[2];
        private readonly long[] _recentFullAtMs = new long[2];
        private readonly int[] _recentFullRestMv = new int[2];
        private readonly int[] _recentFullDutyCap = new int[2];
        private readonly int[] _recentFullEmfMvMs = new int[2];
        private long _backoffEmfMvMs;
        // The attempt's motor voltage and current integrals (mV*ms, mA*ms): its back-EMF integral can be worked out again
        // afterwards with a better resistance than the one the position estimate ran on (EndStopCheckPermille).
        private long _attemptMotorMvMs;
        private long _attemptMilliampMs;
        // Standstill readings blended into the resistance since the MCU started (EndStopCheckPermille).
        private int _readingsSinceStart;
        // Standstill resistance readings of the last minutes and when they were taken (a ring; PooledMilliohms).
        private readonly int[] _poolMilliohms = new int[ActuationTuning.ResistancePoolSize];
        private readonly long[] _poolAtMs = new long[ActuationTuning.ResistancePoolSize];
        private int _poolNext;
        // The first attempt's motor voltage and current integrals, kept when its stall came within the end-stop check's reach
        // (_checkPending): the retries place that stall again with the readings they add.
        private long _checkMotorMvMs;
        private long _checkMilliampMs;
        private bool _checkPending;
        private IStrokeListener _listener;

        private DriveState _state = DriveState.Idle;
        private StrokeDirection _target;
        private long _stateEnteredMs;
        private long _attemptStartMs;
        private long _lastSampleMs;
        private long _nextSampleMs = long.MaxValue;
        private int _dutyPermille;
        private int _stallSamples;
        private int _limitSamples;
        // A crawling lock's drive into the extended end stop (ActuationTuning.SeatMs): the running extend's back-EMF average
        // (permille of the motor voltage).
        private int _seatEmfPermille;
        private int _openMs;
        // The switch the stroke set out from was seen open during it (the bolt left its end).
        private bool _originSeenOpen;
        // Consecutive samples with the rotor turning backwards under forward drive.
        private int _reverseSamples;
        private long _emfMvMs;
        private long _positionMilliTenths;
        private long _runningSum;
        private long _runningMvSum;
        private int _runningCount;
        private long _stallDetectedMs;
        private StrokeEnd _pendingEnd;
        // Consecutive samples of a lock's first attempt with the pack below the rail's floor (SagConfirmSamples).
        private int _saggedSamples;
        // The breakaway check of a lock's first attempt on a sagging pack (BreakawayCheckPermille): 0 off, 1 armed (the ramp
        // has not reached the check's duty), 2 holding there; its window's current and standing-rotor current sums.
        private int _breakawayPhase;
        private long _breakawayHeldAtMs;
        private long _breakawayMaSum;
        private long _breakawayStandingMaSum;
        private int _breakawayStandingMilliohms;
        private bool _calibrating;
        private bool _recoveryBrake;
        private bool _fullStroke;
        // The attempt started with the bolt at its origin end (origin switch closed): only then can the target switch be
        // "too early" (ActuationTuning.EarliestLimitPermille). A positioning run after a power cut mid-stroke, a stroke
        // from where a key left the bolt, or a retry after a back-off starts part way, and its switch closes early by right.
        private bool _fromOriginEnd;
        // The stroke set out from the origin switch (kept across retries, unlike _fromOriginEnd): only then are its stops
        // positions the strike-zone test can use (AfterPause).
        private bool _startedAtOrigin;
        // An extend from the retracted switch: true once that switch was seen open (the bolt left home, 1.1 mm in the
        // reference lock, docs/plant.md), or when it is no witness (not started there, or a switch under suspicion).
        private bool _originLeft;
        // Neither switch was closed when the stroke began (a positioning run after a power loss, a key turned part way).
        private bool _startedBetween;
        private long _measureMilliampsSum;
        private long _measureMillivoltsSum;
        private int _measureSamples;
        private int _firstMeasureMilliohms;
        // The pack test's side of the same press (PackProbePermille): the battery reading over the settled half (the pack
        // current is the motor current's mean times the duty); then, with the bridge off again, the readings over the
        // settled half of an equal wait.
        private long _pressMillivoltsSum;
        private long _releasedMillivoltsSum;
        private int _releasedSamples;
        private bool _probeReleased;
        private int _probePermille;
        private int _referenceSamples;
        // The end-stop check's readings in a retry pause (ActuationTuning.PauseReadings): how many taken, the phase (0 next
        // reading due, 1 pushing, 2 braked), when the brake began.
        private int _pauseReadings;
        private int _pausePhase;
        private long _pauseBrakeMs;
        private int _zeroMilliamps;
        private readonly int[] _recentMilliamps = new int[ActuationTuning.ReferenceWindowSamples];
        private int _recentCount;
        private bool _armed;
        private int _referenceMilliamps;
        private int _lastStallMilliamps;
        private long _progressMarkMs;
        private long _attemptStartMilliTenths;
        private int _accelerationMarkMa;
        private int _accelerationMarkMs;
        private long _progressMarkMilliTenths;
        private long _windowAdvanceMilliTenths;
        private long _travelMilliTenths;
        private int _lastMilliamps;
        private int _lastBatteryMillivolts;
        private int _dutyCapPermille = ActuationTuning.RunPermille;
        // The standing-rotor witness (StandingRotor): samples taken 1-3 ms after the regular ones while the motor runs heavily,
        // and how many regular samples in a row had one.
        private readonly int[] _betweenMilliamps = new int[ActuationTuning.StandingWindowSamples];
        private int _betweenCount;
        private int _watchedSamples;
        private long _betweenAtMs = long.MaxValue;
        // A standstill reading for the end-stop check is due at _betweenAtMs (SampleBetween): a retry's (in its soft start)
        // or a retry pause's (ActuationTuning.PauseReadings); the state says which.
        private bool _readingPending;
        private int _betweenPhase;
        private bool _stallStanding;
        private long _turningFromMs;
        private long _turningUntilMs;

        /// <summary>Creates the drive for <paramref name="board"/>, reporting transitions to <paramref name="trace"/>.</summary>
        public BoltDrive(Board board, TransitionTrace trace, AdcScale scale, Calibration calibration)
        {
            _board = board;
            _trace = trace;
            _scale = scale;
            _calibration = calibration;
        }

        /// <summary>Current state.</summary>
        public DriveState State { get { return _state; } }

        /// <summary>True while a stroke (including retries and recovery) is in progress.</summary>
        public bool Busy { get { return _state != DriveState.Idle; } }

        /// <summary>The stroke in progress, or the last one when idle.</summary>
        public StrokeRecord Record { get { return _record; } }

        /// <summary>When the drive next needs <see cref="Poll"/> (<c>long.MaxValue</c> when idle).</summary>
        public long NextPollMs { get { return _state == DriveState.Idle ? long.MaxValue : IntMath.Min(_nextSampleMs, _betweenAtMs); } }

        /// <summary>Back-EMF estimate of the bolt extension, tenths of mm (0 = retracted), as of the last sample.</summary>
        public int PositionTenthsMm { get { return (int)(_positionMilliTenths / 1000); } }

        /// <summary>Most recent motor current sample, mA.</summary>
        public int LastMilliamps { get { return _lastMilliamps; } }

        /// <summary>Most recent battery sample under load, mV.</summary>
        public int LastBatteryMillivolts { get { return _lastBatteryMillivolts; } }

        /// <summary>
        /// End zone (permille of the stroke) used when the target limit switch cannot be believed: the back-EMF position
        /// estimate stops 5-11 % short at the end stop on hot or stiff units (docs/diagnosis.md, limit switch analysis).
        /// </summary>
        public const int LyingSwitchEndZonePermille = 850;

        /// <summary>
        /// End zone (permille of the stroke) of an unlock whose retracted switch cannot be believed: a stall once the bolt
        /// has withdrawn half its throw is the retract end stop. What binds a withdrawing bolt (door pressure on the strike)
        /// acts while the bolt is still in the strike, at the start of the unlock; the back-EMF estimate of a first stroke
        /// in the cold reads up to ~25 % short (ActuationBench --stops, docs/actuation.md); and the other mistake is the
        /// owner's: a retract end stop taken for an obstacle sends the bolt back to locked and strands them outside.
        /// </summary>
        public const int LyingSwitchRetractZonePermille = 500;

        /// <summary>
        /// End zone (permille of the stroke) of an unlock whose retracted switch is believed but stays silent: 850, the bolt
        /// estimated within 3.75 mm of home, short of the strike plate's face (4 mm out, DoorAndStrike.GapMm in the
        /// simulator; 1.6-4.8 mm on a door hung to the usual 1/8" +- 1/16"), where the door opens whatever stopped the bolt.
        /// Nothing in a withdrawing bolt's path stops it that close to home but the lock's own end stop, and the mistake the
        /// other way sends the bolt back to locked and strands the owner. Before, with 96 % (<see cref="ActuationTuning.EndZonePermille"/>)
        /// for both ways, a 20 C unit whose retracted switch stuck open had its end stop read short of 96 %, named <c>jam</c>,
        /// and the bolt driven back to locked (locksim, a retracted switch stuck open from 1 s, code at 2 s, seed 31).
        /// </summary>
        public const int RetractEndZonePermille = 850;

        /// <summary>Set by the application while <c>bolt_sensor_fault</c> stands: the limit switches are not believed.</summary>
        public bool LimitSwitchSuspect { get; set; }

        /// <summary>
        /// Set by the application: where an extend with the door open stalled and no stroke has passed since, tenths of
        /// mm (0 = none). A door-closed stall there is that obstacle again, not the strike (<see cref="StallClassifier"/>).
        /// </summary>
        public int KnownObstacleTenthsMm { get; set; }

        /// <summary>
        /// Set by the application while a <c>jam</c> that an unlock's time placed short of the end stands (LockController,
        /// settling a silent end): the running estimate of that obstacle's stop, tenths of mm (0 = none).
        /// An extend stall short of <see cref="ActuationTuning.PassedObstacleTenthsMm"/> beyond it is that obstacle again, not
        /// the end stop (<see cref="AtEndStop"/>).
        /// </summary>
        public int StandingJamTenthsMm { get; set; }

        /// <summary>
        /// True when no obstacle is known in the bolt's path (no <c>jam</c> or <c>misalignment</c> stands; set by the
        /// controller before each stroke): a stroke from between the switches whose bolt does not move at all then rests
        /// against the end stop it drives towards (<see cref="StandingStartAtEnd"/>).
        /// </summary>
        public bool NoKnownObstacle { get; set; }

        /// <summary>Set by the application while <c>battery_sensor_fault</c> stands: battery readings are not believed.</summary>
        public bool BatterySensorSuspect { get; set; }

        /// <summary>
        /// Set by the application while <c>current_sensor_fault</c> stands: the motor-current channel is not believed, and the
        /// stroke runs as locks without a current sensor do, on the limit switches and a time limit, here the absolute one
        /// (<see cref="ActuationTuning.MaxStrokeMs"/>, <see cref="ActuationTuning.MaxUnlockStrokeMs"/> for an unlock: nothing
        /// tells a slow cold stroke from a stuck one). No press, no breakaway check, no seating, no short, open-circuit or stall
        /// verdict from the channel (its readings are still recorded), the position estimate by time at duty; the pack's sag
        /// still takes a lock back. A channel
        /// at a rail still refuses the stroke, or cuts it (<see cref="StrokeEnd.SensorFault"/>): a reading outside physical
        /// limits never has the motor running (issue 4's safety policy). A stall then lasts until that limit (the drive then
        /// gives up at once and takes the bolt home), and the driver's own overcurrent shutdown (DRV8833 datasheet, OCP) guards a shorted motor. Without it a channel frozen near zero ended
        /// every stroke as an open circuit after 100 ms, 2 mm further each time, and the owner's code never opened the door
        /// (blind acceptance tests, 2026-11-28).
        /// </summary>
        public bool CurrentSensorSuspect { get; set; }

        /// <summary>
        /// Set by the application before <see cref="Begin"/> for one extend only: stop (<see cref="StrokeEnd.Stopped"/>)
        /// once the position estimate reaches this extension, tenths of mm (0 = drive to the end). The door-open strike
        /// check throws the bolt only past the place it stopped (Diagnosis.StrikeCheck). Cleared when the stroke finishes.
        /// </summary>
        public int StopAtTenthsMm { get; set; }

        /// <summary>
        /// Set by the application before <see cref="Begin"/> for one stroke only: the pack test, at this duty (permille; 0 =
        /// a stroke). The stroke is only a standstill press into the end stop the bolt rests on (nothing moves) for
        /// <see cref="ActuationTuning.ProbePressMs"/> and as long again with the bridge off, and ends with
        /// <see cref="StrokeEnd.Stopped"/> and no attempt, its record carrying the pack's resistance from that press
        /// (<see cref="StrokeRecord.PressPackMilliohms"/>; 0 when the bolt did not rest at its origin end or the press drew
        /// too little to tell). Cleared when the stroke finishes.
        /// </summary>
        public int PackProbePermille
        {
            get { return _probePermille; }
            set { _probePermille = IntMath.Clamp(value, 0, ActuationTuning.RunPermille); }
        }

        // Duty of the standstill press under way: the pack test's own, else MeasurePermille before a stroke.
        private int PressPermille { get { return _probePermille > 0 ? _probePermille : ActuationTuning.MeasurePermille; } }

        /// <summary>
        /// Highest duty for strokes from the next <see cref="Begin"/> on (permille, clamped 1..1000): the power
        /// monitor lowers it when a full-duty stall would sag the pack below the regulator's dropout.
        /// </summary>
        public int DutyCapPermille
        {
            get { return _dutyCapPermille; }
            set { _dutyCapPermille = IntMath.Clamp(value, 1, ActuationTuning.RunPermille); }
        }

        /// <summary>
        /// Set by the application before <see cref="Begin"/>: an unlock's retries keep <see cref="DutyCapPermille"/> instead of
        /// running at full duty (after a brown-out reset the pack is known to collapse under a full-duty stall).
        /// </summary>
        public bool CapRetries { get; set; }

        /// <summary>Sets who is told when a stroke ends.</summary>
        public void SetListener(IStrokeListener listener) { _listener = listener; }

        /// <summary>
        /// Starts a stroke. <paramref name="calibrating"/> makes the stroke's measurements the new baseline
        /// instead of adapting the old one slowly. Ignored (returns false) while busy.
        /// </summary>
        public bool Begin(long nowMs, StrokeDirection direction, OperationSource source, int restBatteryMillivolts, bool doorClosed, bool calibrating)
        {
            if (_state != DriveState.Idle) return false;
            _record.Reset(nowMs, direction, source);
            _record.RestBatteryMillivolts = restBatteryMillivolts;
            _record.DoorClosed = doorClosed;
            _record.MotorMilliohms = _calibration.MotorMilliohms;
            _lastStallMilliamps = 0;
            _checkPending = false;
            _record.WithoutCurrent = CurrentSensorSuspect;
            _record.WithoutBattery = BatterySensorSuspect;
            _calibrating = calibrating;
            _target = direction;
            // Only a stroke from one end to the other is a measurement of the stroke; one that starts at its
            // target (the first move of a calibration run, say) or mid-way must not teach the baseline.
            _fromOriginEnd = LimitClosed(Opposite(direction));
            bool atTarget = LimitClosed(direction);
            _fullStroke = _fromOriginEnd && !atTarget;
            _record.StartedAtEnd = _fullStroke;
            _startedAtOrigin = _fromOriginEnd;
            _originSeenOpen = false;
            _originLeft = direction != StrokeDirection.Extend || !_fromOriginEnd || LimitSwitchSuspect;
            _startedBetween = !_fromOriginEnd && !atTarget;
            // A stroke starts from the opposite end (the lock only starts strokes from a known end or a
            // positioning run); the estimate is absolute from here on, across back-offs and retries.
            _positionMilliTenths = direction == StrokeDirection.Extend ? 0 : (long)BoardConfig.BoltThrowTenthsMm * 1000;
            // The bridge is off: the current sense must read near its bias. A channel at a rail is a dead sensor,
            // and a motor driven blind would read it as a short or an open circuit; refuse the stroke instead.
            int biasCounts = _board.MotorCurrent.ReadCounts();
            if (AdcScale.AtRail(biasCounts))
            {
                _lastMilliamps = _scale.MotorMilliamps(biasCounts);
                _record.PeakMilliamps = _lastMilliamps;
                _pendingEnd = StrokeEnd.SensorFault;
                Finish(nowMs);
                return true;
            }
            // Auto-zero: with no current flowing this reading is the amplifier's offset plus the ADC's; subtracting
            // it from every reading of this stroke removes both (INA181 Vos and REF tolerance, ESP32 offset).
            _zeroMilliamps = IntMath.Clamp(_scale.MotorMilliamps(biasCounts), -ActuationTuning.MaxZeroOffsetMilliamps, ActuationTuning.MaxZeroOffsetMilliamps);
            // No end stop to press into without moving the bolt, or no current to read the press by: no test.
            if (_probePermille > 0 && (!_fullStroke || CurrentSensorSuspect))
            {
                _pendingEnd = StrokeEnd.Stopped;
                Finish(nowMs);
                return true;
            }
            if (_fullStroke && !CurrentSensorSuspect)
            {
                _pressMillivoltsSum = 0;
                _releasedMillivoltsSum = 0;
                _releasedSamples = 0;
                _probeReleased = false;
                // Press gently into the end stop the bolt rests on and measure the winding resistance at today's
                // temperature, so the stall threshold V/R is right from -30 C to +60 C.
                _attemptStartMs = nowMs;
                _lastSampleMs = nowMs;
                _nextSampleMs = nowMs + ActuationTuning.SamplePeriodMs;
                SetDrive(Opposite(direction), PressPermille);
                _measureMilliampsSum = 0;
                _measureMillivoltsSum = 0;
                _measureSamples = 0;
                _firstMeasureMilliohms = 0;
                Enter(nowMs, DriveState.Measuring, RequestCause(direction));
                return true;
            }
            StartAttempt(nowMs, RequestCause(direction));
            return true;
        }

        /// <summary>Samples and controls; call at or after <see cref="NextPollMs"/>.</summary>
        public void Poll(long nowMs)
        {
            if (_state == DriveState.Idle) return;
            if (nowMs >= _betweenAtMs && nowMs < _nextSampleMs)
            {
                SampleBetween(nowMs);
                return;
            }
            if (nowMs < _nextSampleMs) return;
            _betweenAtMs = long.MaxValue;
            _readingPending = false;
            int dtMs = (int)IntMath.Min(nowMs - _lastSampleMs, 50);
            _lastSampleMs = nowMs;
            _nextSampleMs = nowMs + ActuationTuning.SamplePeriodMs;
            switch (_state)
            {
                case DriveState.SoftStart:
                case DriveState.Running:
                case DriveState.Recovering:
                case DriveState.Seating:
                    SampleDriving(nowMs, dtMs);
                    break;
                case DriveState.Measuring:
                    SampleResistance(nowMs);
                    break;
                case DriveState.Braking:
                    if (nowMs - _stateEnteredMs >= ActuationTuning.BrakeMs) AfterBrake(nowMs);
                    break;
                case DriveState.BackingOff:
                    SampleBackoff(dtMs);
                    if (nowMs - _stateEnteredMs >= ActuationTuning.BackoffMs)
                    {
                        // Brake, not coast: a light bolt on a fresh pack would otherwise coast on for a millimetre
                        // with no current to measure its travel by, and every retry would stop "further" along.
                        _board.Motor.SetBridge(BridgeMode.Brake, 0);
                        Enter(nowMs, DriveState.RetryPause, TraceCause.BackoffDone);
                        _nextSampleMs = nowMs + ActuationTuning.BrakeMs;
                        _pauseReadings = 0;
                        _pausePhase = 0;
                    }
                    break;
                case DriveState.RetryPause:
                    if (nowMs - _stateEnteredMs >= ActuationTuning.RetryPauseMs)
                    {
                        AfterPause(nowMs);
                    }
                    else if (_checkPending && _record.Attempts < ActuationTuning.MaxAttempts && _pauseReadings < ActuationTuning.PauseReadings)
                    {
                        SamplePauseReading(nowMs);
                    }
                    else
                    {
                        _board.Motor.SetBridge(BridgeMode.Coast, 0);
                        _nextSampleMs = _stateEnteredMs + ActuationTuning.RetryPauseMs;
                    }
                    break;
            }
        }

        /// <summary>Stops at once (power failing, emergency): coast and finish with <paramref name="end"/>.</summary>
        public void Abort(long nowMs, StrokeEnd end)
        {
            if (_state == DriveState.Idle) return;
            _board.Motor.SetBridge(BridgeMode.Coast, 0);
            _pendingEnd = end;
            Finish(nowMs);
        }

        private void StartAttempt(long nowMs, TraceCause cause)
        {
            _attemptStartMs = nowMs;
            _lastSampleMs = nowMs;
            _nextSampleMs = nowMs + ActuationTuning.SamplePeriodMs;
            _stallSamples = 0;
            _limitSamples = 0;
            _seatEmfPermille = 1000;
            _openMs = 0;
            _reverseSamples = 0;
            _emfMvMs = 0;
            _attemptMotorMvMs = 0;
            _attemptMilliampMs = 0;
            ResetDetector(nowMs);
            _runningSum = 0;
            _runningMvSum = 0;
            _runningCount = 0;
            _pendingEnd = StrokeEnd.None;
            _record.Attempts++;
            _saggedSamples = 0;
            // Only the first attempt of a lock from the retracted stop: a retry or a way back starts where the bolt stopped,
            // not where the unlock will need to break it away from.
            _breakawayPhase = FirstLockAttempt && !CurrentSensorSuspect ? 1 : 0;
            _breakawayMaSum = 0;
            _breakawayStandingMaSum = 0;
            _breakawayStandingMilliohms = int.MaxValue;
            _dutyPermille = IntMath.Min(ActuationTuning.SoftStartInitialPermille, AttemptCapPermille);
            SetDrive(_target, _dutyPermille);
            Enter(nowMs, DriveState.SoftStart, cause);
            // A retry of a stall the end-stop check is placing: one more standstill reading for its pool, the rotor where the
            // back-off and the pause left it (another commutation angle), taken before the rotor turns (RetryReadingMs).
            _readingPending = _checkPending && _record.Attempts >= 2;
            if (_readingPending) _betweenAtMs = nowMs + ActuationTuning.RetryReadingMs;
        }

        /// <summary>
        /// The first attempt of a lock (not a calibration move) that set out from the retracted stop: the attempt the breakaway
        /// check and the take-back below the rail's floor judge, where the bolt has not yet been in the strike.
        /// </summary>
        private bool FirstLockAttempt
        {
            get { return _target == StrokeDirection.Extend && _record.Attempts == 1 && !_calibrating && _startedAtOrigin; }
        }

        /// <summary>
        /// Highest duty of the attempt under way: the guard's cap (<see cref="DutyCapPermille"/>), except on an unlock's retries.
        /// An unlock is the owner's way in. The guard caps it so the pack is not drawn below the rail's floor (3.6 V, where
        /// the regulator leaves regulation; the MCU runs on to its brown-out well below), but a cold used pack that has just
        /// crawled the bolt out caps it at 69-85 %, and a bolt that broke away at 75 % on the lock may need more than that to
        /// break away again where it stands. A retry at the same cap pulls no harder, so the first attempt keeps the cap and the
        /// retries run at full duty; the worst a dip below the floor can do is reset the MCU, which ends the unlock as the stall
        /// would have (after such a reset the application keeps the cap: <see cref="CapRetries"/>). StrandBench --units 200:
        /// owners left with the bolt out 6 -> 5 of 5400; battery-dead-while-locked.yaml's 2 % pack now lets its owner in
        /// (docs/power.md, the breakaway check).
        /// </summary>
        private int AttemptCapPermille
        {
            get { return UnlockMayRunUncapped && _record.Attempts > 1 ? ActuationTuning.RunPermille : _dutyCapPermille; }
        }

        /// <summary>
        /// An unlock whose pull may go past the guard's cap: its retries (<see cref="AttemptCapPermille"/>) and a first attempt
        /// still crawling home past its time limit; not after a brown-out reset (<see cref="CapRetries"/>).
        /// </summary>
        private bool UnlockMayRunUncapped
        {
            get { return _target == StrokeDirection.Retract && !CapRetries; }
        }

        /// <summary>The trace cause of a stroke's start: what the technician reads in <c>trace</c> (an unlock is not a lock request).</summary>
        private static TraceCause RequestCause(StrokeDirection direction)
        {
            return direction == StrokeDirection.Extend ? TraceCause.LockRequest : TraceCause.UnlockRequest;
        }

        private void SetDrive(StrokeDirection direction, int dutyPermille)
        {
            _board.Motor.SetBridge(direction == StrokeDirection.Extend ? BridgeMode.Forward : BridgeMode.Reverse, dutyPermille);
        }

        private StrokeDirection MovingDirection()
        {
            if (_state != DriveState.Recovering) return _target;
            return Opposite(_target);
        }

        private bool LimitClosed(StrokeDirection direction)
        {
            // Limit switches close to ground: a low pin is a closed switch (BoardConfig).
            IDigitalInput pin = direction == StrokeDirection.Extend ? _board.LimitExtended : _board.LimitRetracted;
            return !pin.ReadHigh();
        }

        private void SampleDriving(long nowMs, int dtMs)
        {
            int currentCounts = _board.MotorCurrent.ReadCounts();
            int batteryCounts = _board.Battery.ReadCounts();
            int mA = MotorMilliamps(currentCounts, _dutyPermille);
            int batteryMv = _scale.BatteryMillivolts(batteryCounts);
            _lastMilliamps = mA;
            _lastBatteryMillivolts = batteryMv;
            batteryMv = PlausibleBatteryMillivolts(batteryCounts, batteryMv);
            int elapsedMs = (int)(nowMs - _attemptStartMs);
            StrokeDirection moving = MovingDirection();
            if (!_originLeft && moving == StrokeDirection.Extend && !LimitClosed(StrokeDirection.Retract)) _originLeft = true;
            if (!_originSeenOpen && !LimitClosed(Opposite(_target))) _originSeenOpen = true;

            int motorMv = MotorMillivolts(batteryMv, mA, _dutyPermille);
            Account(mA, motorMv, dtMs, batteryMv);

            // A short shows at once as a current the motor cannot draw: cut the bridge, do not brake into it.
            int predictedStallMa = IntMath.MulDiv(IntMath.Max(motorMv, 0), 1000, StallMilliohms());
            if (CurrentSensorSuspect)
            {
                // Driven without believing the channel: its readings are recorded, never acted on, except one at a rail,
                // which no motor current gives: the bridge is never left on against a reading outside physical limits.
                if (AdcScale.AtRail(currentCounts))
                {
                    Cut(nowMs, elapsedMs, StrokeEnd.SensorFault, TraceCause.SensorContradiction);
                    return;
                }
            }
            else if (currentCounts >= BoardConfig.AdcMaxCounts || mA > ActuationTuning.ShortFactor * IntMath.Max(predictedStallMa, 100))
            {
                Cut(nowMs, elapsedMs, StrokeEnd.Short, TraceCause.Short);
                return;
            }

            int emfMv = motorMv - IntMath.MulDiv(IntMath.Max(mA, 0), PositionMilliohms, 1000);
            NoteReversal(elapsedMs, emfMv, motorMv);
            if (emfMv > 0) _emfMvMs += (long)emfMv * dtMs;
            _attemptMotorMvMs += (long)motorMv * dtMs;
            _attemptMilliampMs += (long)IntMath.Max(mA, 0) * dtMs;
            Travel(moving, emfMv, dtMs, _dutyPermille);
            if (StopAtTenthsMm > 0 && moving == StrokeDirection.Extend && _state != DriveState.Recovering && PositionTenthsMm >= StopAtTenthsMm)
            {
                StopAttempt(nowMs, elapsedMs, StrokeEnd.Stopped, TraceCause.LimitReached);
                return;
            }

            if (_state == DriveState.SoftStart)
            {
                int rampPermille = ActuationTuning.SoftStartInitialPermille
                    + IntMath.MulDiv(ActuationTuning.RunPermille - ActuationTuning.SoftStartInitialPermille, IntMath.Min(elapsedMs, ActuationTuning.SoftStartMs), ActuationTuning.SoftStartMs);
                if (_breakawayPhase != 0)
                {
                    if (BreakawayCheck(nowMs, elapsedMs, rampPermille, mA, motorMv, batteryMv)) return;
                    if (_breakawayPhase == 2) rampPermille = ActuationTuning.BreakawayCheckPermille;
                }
                _dutyPermille = IntMath.Min(AttemptCapPermille, rampPermille);
                SetDrive(moving, _dutyPermille);
                if (elapsedMs >= ActuationTuning.SoftStartMs && _breakawayPhase != 2) Enter(nowMs, DriveState.Running, TraceCause.RampDone);
            }

            if (_state == DriveState.Seating)
            {
                // Pressed for its time, or the pack below the rail's floor as long as the sag rule allows a running lock (the
                // bolt is past its switch: the lock is done).
                // The seat began as the switch closed: the attempt's time to the switch is when this state was entered.
                if (PackSagConfirmed(batteryMv) || nowMs - _stateEnteredMs >= ActuationTuning.SeatMs)
                {
                    StopAttempt(nowMs, (int)(_stateEnteredMs - _attemptStartMs), StrokeEnd.Completed, TraceCause.SeatDone);
                }
                return;
            }
            if (_state == DriveState.Running && moving == StrokeDirection.Extend && motorMv > 0)
            {
                int emfPermille = IntMath.MulDiv(IntMath.Max(emfMv, 0), 1000, motorMv);
                _seatEmfPermille += (emfPermille - _seatEmfPermille) >> ActuationTuning.SeatEmfShift;
            }

            // A lock whose pack sags below the rail's floor while it runs: the guard sized it on a prediction the pack does not
            // keep (no measurement yet, colder cells). Such a pack can crawl the bolt out but not break it away again: at
            // -28 C, 31 % alkaline, friction x1.4 the unlock after such a lock stalled at full duty (docs/power.md). Taken back
            // to the retracted stop while the way is short, and refused for the pack (StrokeEnd.InsufficientBattery). A pack
            // that could not break the bolt away with force to spare was already refused at the start (BreakawayCheck).
            if (_state == DriveState.Running && FirstLockAttempt)
            {
                if (PackSagConfirmed(batteryMv))
                {
                    StopAttempt(nowMs, elapsedMs, StrokeEnd.InsufficientBattery, TraceCause.InsufficientBattery);
                    return;
                }
            }

            if (LimitClosed(moving) && _fromOriginEnd && _calibration.Valid && elapsedMs < IntMath.MulDiv(FastestStrokeMs(moving), ActuationTuning.EarliestLimitPermille, 1000)
                && (_state != DriveState.Recovering))
            {
                // The bolt cannot have travelled the whole throw yet: the switch is lying (stuck closed).
                // Keep driving and let the end-stop current say when the bolt really arrives.
                _record.LimitContradicted = true;
                _limitSamples = 0;
            }
            else if (LimitClosed(moving) && !_record.LimitContradicted)
            {
                _limitSamples++;
                if (_limitSamples >= ActuationTuning.LimitConfirmSamples && Crawling(moving))
                {
                    _record.Seated = true;
                    Enter(nowMs, DriveState.Seating, TraceCause.LimitReached);
                    return;
                }
                if (_limitSamples >= ActuationTuning.LimitConfirmSamples)
                {
                    StopAttempt(nowMs, elapsedMs, StrokeEnd.Completed, TraceCause.LimitReached);
                    return;
                }
            }
            else
            {
                _limitSamples = 0;
            }

            if (elapsedMs >= ActuationTuning.BlindTimeMs && !CurrentSensorSuspect)
            {
                int positionPermille = PositionPermille(moving);
                if (positionPermille > 250 && positionPermille < 750)
                {
                    _runningSum += mA;
                    _runningMvSum += motorMv;
                    _runningCount++;
                }
                if (mA < ActuationTuning.OpenCircuitMilliamps)
                {
                    _openMs += dtMs;
                    if (_openMs >= ActuationTuning.OpenCircuitConfirmMs)
                    {
                        Cut(nowMs, elapsedMs, StrokeEnd.OpenCircuit, TraceCause.OpenCircuit);
                        return;
                    }
                }
                else
                {
                    _openMs = 0;
                }

                if (StallSample(nowMs, mA, predictedStallMa, elapsedMs))
                {
                    if (_stallSamples == 0) _stallDetectedMs = nowMs;
                    _stallSamples++;
                    if (_stallSamples >= ActuationTuning.StallConfirmSamples)
                    {
                        _lastStallMilliamps = MeanRecentMilliamps();
                        _record.StallToCutMs = (int)(nowMs - _stallDetectedMs) + ActuationTuning.SamplePeriodMs;
                        // With the target switch known to lie (closed too early this stroke, or a standing bolt_sensor_fault)
                        // the estimate (or the time, AtEndStop) decides, and it drifts by up to ~11 % with winding
                        // temperature: widen the zone.
                        // The rotor has stood for the confirmation samples: this sample's voltage over current is R at the stall
                        // angle. Not over the 20 ms mean that detected the stall: its first samples are still the approach, the
                        // rotor decelerating into the stop with back-EMF, and read R 4.5 % high (sd 4.8 %) against 3.4 % for the
                        // press (docs/actuation.md, pooled readings).
                        if (_state != DriveState.Recovering) AddReading(nowMs, StallResistance(motorMv, mA), _dutyPermille);
                        bool switchLies = _record.LimitContradicted || LimitSwitchSuspect;
                        int zonePermille = moving == StrokeDirection.Retract
                            ? (switchLies ? LyingSwitchRetractZonePermille : RetractEndZonePermille)
                            : (switchLies ? LyingSwitchEndZonePermille : ActuationTuning.EndZonePermille);
                        // A stall only the standing-rotor witness saw is never the end stop by the estimate alone: the estimate is
                        // what crept on while the rotor stood (V - I x R > 0 with R low), and an end stop met with a believed
                        // switch silent is a stiff stop whose rise the rise rule sees. With a switch known to lie the zones decide.
                        bool creptEstimate = _stallStanding && !switchLies;
                        bool restingAtEnd = StandingStartAtEnd(moving);
                        if (restingAtEnd || !creptEstimate && AtEndStop(nowMs, moving, positionPermille, zonePermille, (int)(_stallDetectedMs - _attemptStartMs)))
                        {
                            if (restingAtEnd) _positionMilliTenths = moving == StrokeDirection.Extend ? (long)BoardConfig.BoltThrowTenthsMm * 1000 : 0;
                            StopAttempt(nowMs, elapsedMs, StrokeEnd.EndStopCurrent, TraceCause.EndStopCurrent);
                        }
                        else
                        {
                            if (_record.Attempts == 1 && _state != DriveState.Recovering) NoteFirstStall(motorMv, _lastStallMilliamps);
                            if (creptEstimate && moving == StrokeDirection.Extend) PlaceStandingStall(nowMs);
                            StopAttempt(nowMs, elapsedMs, StrokeEnd.Jammed, TraceCause.Stall);
                        }
                        return;
                    }
                }
                else
                {
                    _stallSamples = 0;
                }
            }

            if (nowMs - _progressMarkMs >= ActuationTuning.ProgressWindowMs)
            {
                _windowAdvanceMilliTenths = _travelMilliTenths - _progressMarkMilliTenths;
                _progressMarkMs = nowMs;
                _progressMarkMilliTenths = _travelMilliTenths;
            }
            // MaxStrokeMs (MaxUnlockStrokeMs for an unlock) bounds every attempt, also one whose time limit works out past it (a low rest reading and a low duty
            // cap scale the learned time by calibration / rest voltage and by 1000 / duty cap): otherwise the bridge stayed energised past 8 s
            // (HostileRegressionTests, found by the hostile-hardware properties).
            // Without a current sensor nothing tells a slow stroke from a stuck one before its switch, and a cold stiff bolt is
            // slow: only the absolute limit ends it (DiagnosisBench adc_stuck motor_current, seed 1: two -22/-26 C units with
            // friction x1.5 cut at their 3.0-4.0 s limit and named jam).
            bool pastLimit = CurrentSensorSuspect ? elapsedMs >= MaxAttemptMs : elapsedMs >= TimeoutMs(moving) || elapsedMs >= MaxAttemptMs;
            if (pastLimit && StillProgressing(nowMs, elapsedMs))
            {
                // An unlock still moving past its time limit is a cold bolt crawling home: the guard's cap (kept on the first
                // attempt so a normal unlock does not draw the pack below the rail's floor) goes, as on a retry
                // (AttemptCapPermille), so it crawls faster, not stops (docs/actuation.md, seating a crawling lock).
                if (UnlockMayRunUncapped && _state == DriveState.Running && _dutyPermille < ActuationTuning.RunPermille)
                {
                    // The stall detector's running reference was drawn at the capped duty: a crawl's current follows the voltage,
                    // so it is scaled with it, or the step itself reads as the rise of a stall (StallRisePermille).
                    _referenceMilliamps = IntMath.MulDiv(_referenceMilliamps, ActuationTuning.RunPermille, IntMath.Max(_dutyPermille, 1));
                    _dutyPermille = ActuationTuning.RunPermille;
                    SetDrive(moving, _dutyPermille);
                }
            }
            else if (pastLimit)
            {
                // A stroke that ran out of time without a stall: what the motor was doing at the end is the evidence of why
                // (StallCause): a standing rotor's voltage over current is the circuit's resistance, and the current is the
                // force the bolt resisted with. Kept unless an earlier stall of this stroke already noted it.
                if (_record.StallMilliamps == 0 && _state != DriveState.Recovering) NoteFirstStall(motorMv, MeanRecentMilliamps());
                StopAttempt(nowMs, elapsedMs, StrokeEnd.Timeout, TraceCause.Timeout);
            }
        }

        /// <summary>
        /// One stall-detector step on the current sample <paramref name="mA"/> (after the blind time); true when
        /// this sample looks like a stalled rotor. The decision uses the mean of the last
        /// <see cref="ActuationTuning.StallAveragingSamples"/> samples, which smooths the commutation ripple, and
        /// needs both of:
        /// <list type="bullet">
        /// <item>the mean at or above <see cref="ActuationTuning.StallThresholdPermille"/> of the predicted stall
        /// current V/R. R was measured at one rotor angle, and the commutation ripple moves a brushed motor's
        /// resistance by about +-12 % with angle, so a rotor stalled at another angle can draw as little as
        /// 0.88/1.12 = 79 % of the prediction: the threshold sits below that;</item>
        /// <item>the mean at or above <see cref="ActuationTuning.StallRisePermille"/> of this attempt's own running
        /// current: a stall is the current rising from where the motor was running to where it cannot turn, so a
        /// stroke that runs heavily (cold grease, a worn pack, a resistance measured at an unlucky angle) but
        /// steadily is not a stall however close its current is to the prediction.</item>
        /// </list>
        /// Until the motor has been seen running (mean below the threshold) the detector is not armed: start-up
        /// current is stall current until back-EMF builds, and a heavy bolt that breaks away late must not be
        /// called a jam. After <see cref="ActuationTuning.MaxBlindTimeMs"/> it arms anyway; a rotor that never
        /// turned is at the angle R was just measured at, so it reads close to the prediction and is a stall at
        /// <see cref="ActuationTuning.StartStallPermille"/>.
        /// </summary>
        private bool StallSample(long nowMs, int mA, int predictedStallMa, int elapsedMs)
        {
            _recentMilliamps[_recentCount % ActuationTuning.ReferenceWindowSamples] = mA;
            _recentCount++;
            int meanMa = MeanRecentMilliamps();
            int thresholdMa = IntMath.MulDiv(predictedStallMa, ActuationTuning.StallThresholdPermille, 1000);
            if (!_armed)
            {
                if (meanMa < thresholdMa)
                {
                    Arm();
                    return false;
                }
                // Heavy from the start: the in-between samples run already, so the start decision below can see a rotor
                // that turns (RotorTurning).
                Watch(nowMs, meanMa, thresholdMa);
                if (elapsedMs < ActuationTuning.MaxBlindTimeMs - ActuationTuning.AccelerationWindowMs) return false;
                if (_accelerationMarkMa == 0 || elapsedMs < _accelerationMarkMs + ActuationTuning.AccelerationWindowMs)
                {
                    if (_accelerationMarkMa == 0)
                    {
                        _accelerationMarkMa = meanMa;
                        _accelerationMarkMs = elapsedMs;
                    }
                    return false;
                }
                // Still accelerating: a weak motor (or a heavy bolt) speeds up slowly and its current falls as back-EMF
                // builds; a stalled rotor's current is flat. Wait while it falls, up to the acceleration limit.
                if (meanMa < IntMath.MulDiv(_accelerationMarkMa, 1000 - ActuationTuning.AccelerationDropPermille, 1000) && elapsedMs < ActuationTuning.MaxAccelerationMs)
                {
                    _accelerationMarkMa = meanMa;
                    _accelerationMarkMs = elapsedMs;
                    return false;
                }
                // Never seen running. A rotor that has not turned since the resistance measurement is at the angle R was
                // measured at and draws the predicted stall current. One back against the obstacle the last attempt
                // stalled on draws that stall current again, give or take the commutation angle (0.88/1.12 = 79 %, as
                // for the threshold). Either is a stall from the start, confirmed over the usual samples. Otherwise the
                // motor is running heavily: arm on its current as the reference.
                // A weak motor accelerating a heavy bolt also draws near-stall current for a while, but it moves: the
                // back-EMF position estimate says which.
                long advance = _positionMilliTenths - _attemptStartMilliTenths;
                bool moved = (advance >= 0 ? advance : -advance) >= (long)ActuationTuning.StartMovedTenthsMm * 1000;
                // On a retry the rotor stands at another angle than R was measured at, so the estimate can creep while
                // stalled: there the last stall current alone decides.
                // Not on the way back after giving up: it moves away from the obstacle, and on a cold, nearly empty pack the
                // bolt's running current there (180-200 mA) is 75 % of the forward stalls' (240 mA) from the start, which cut
                // the way back 1-2 mm off the obstacle (docs/actuation.md, The standing rotor).
                // A bolt that crawls this close to stall (a cold, stiff bolt: running current 90 % of the stall current) may
                // not have shown 1 mm on the estimate yet; its commutation ripple in the in-between samples says the rotor
                // turns. Stopped, such a bolt may not break away again (docs/actuation.md, the start rule). Only at full
                // duty (RippleHeard). The ripple also overrules the last stall current on a retry: an unlock retry that broke a
                // cold bolt away from its thrown end crawls at 87-96 % of the first attempt's stall current, and stopping it
                // there left the owner outside (docs/actuation.md, rule 2).
                bool turning = RippleHeard(meanMa);
                bool stuck = !moved && !turning && meanMa >= IntMath.MulDiv(predictedStallMa, ActuationTuning.StartStallPermille, 1000)
                    || _state != DriveState.Recovering && _lastStallMilliamps > 0 && !turning && meanMa >= IntMath.MulDiv(_lastStallMilliamps, ActuationTuning.StallThresholdPermille, 1000);
                if (!stuck) Arm();
                return stuck;
            }
            bool rise = meanMa >= IntMath.MulDiv(_referenceMilliamps, ActuationTuning.StallRisePermille, 1000);
            bool stalled = meanMa >= thresholdMa && (rise || StandingRotor(meanMa));
            // Which witness saw it, for the stall's cause (StrokeRecord.StallStanding): kept from the sample the stall was confirmed on.
            if (stalled) _stallStanding = !rise;
            Watch(nowMs, meanMa, thresholdMa);
            if (RotorNotStanding(meanMa))
            {
                // One unbroken run of samples on which the standing-rotor witness did not see the rotor stand (StillProgressing).
                if (_turningUntilMs < nowMs - ActuationTuning.SamplePeriodMs) _turningFromMs = nowMs;
                _turningUntilMs = nowMs;
            }
            // The running reference follows the stroke slowly (friction along the throw, battery sag) but not a rise
            // that is already a stall candidate.
            if (!stalled && _stallSamples == 0) _referenceMilliamps += (meanMa - _referenceMilliamps) / ActuationTuning.RunningReferenceDivisor;
            return stalled;
        }

        /// <summary>
        /// Schedules the in-between sample after this regular one while the 20 ms mean is at or above the stall threshold (the
        /// only place the standing-rotor witness can call a stall; elsewhere the drive samples as before); otherwise the watch
        /// starts over. The offset cycles through 1..<see cref="ActuationTuning.StandingOffsetsMs"/> ms.
        /// </summary>
        private void Watch(long nowMs, int meanMa, int thresholdMa)
        {
            bool heavy = _state != DriveState.SoftStart && meanMa >= thresholdMa;
            if (!heavy)
            {
                _watchedSamples = 0;
                _betweenCount = 0;
                return;
            }
            _watchedSamples++;
            _betweenPhase = _betweenPhase % ActuationTuning.StandingOffsetsMs + 1;
            _betweenAtMs = nowMs + _betweenPhase;
        }

        /// <summary>
        /// One in-between current sample (<see cref="Watch"/>), kept for <see cref="StandingRotor"/>; or a standstill reading for
        /// the end-stop check (<see cref="ActuationTuning.RetryReadingMs"/> into a retry's soft start, or a retry pause's push).
        /// </summary>
        private void SampleBetween(long nowMs)
        {
            _betweenAtMs = long.MaxValue;
            if (_readingPending)
            {
                _readingPending = false;
                if (_state == DriveState.SoftStart) AddStandstillReading(nowMs, _board.MotorCurrent.ReadCounts(), _dutyPermille);
                else if (_state == DriveState.RetryPause) PauseReading(nowMs);
                return;
            }
            if (_state != DriveState.Running && _state != DriveState.Recovering) return;
            int mA = MotorMilliamps(_board.MotorCurrent.ReadCounts(), _dutyPermille);
            _betweenMilliamps[_betweenCount % ActuationTuning.StandingWindowSamples] = mA;
            _betweenCount++;
        }

        /// <summary>
        /// True when the rotor stands: over the last <see cref="ActuationTuning.StandingWindowSamples"/> regular samples and the
        /// in-between samples taken with them, all at or above the stall threshold, the current stayed within
        /// <see cref="ActuationTuning.StandingSpreadPermille"/> of <paramref name="meanMa"/>. A turning rotor's current carries
        /// the commutation ripple (+-9..12 %), and the in-between samples, 1-3 ms after the regular ones, see it even when the
        /// 200 Hz sampling aliases it to near DC (a bolt crawling at about 7 mm/s: 200 pulses a second). This is the stall
        /// witness of a bolt that crawls on a cold, nearly empty pack: its running current is already within the commutation
        /// angle's +-12 % of the stall current, so the rise rule cannot see the stall, and the position estimate creeps on
        /// while the rotor stands (docs/actuation.md).
        /// </summary>
        private bool StandingRotor(int meanMa)
        {
            int n = ActuationTuning.StandingWindowSamples;
            if (_watchedSamples < n || _betweenCount < n || meanMa <= 0) return false;
            return (long)SpreadMilliamps(n) * 1000 <= (long)meanMa * ActuationTuning.StandingSpreadPermille;
        }

        /// <summary>
        /// True when the in-between and regular samples of the last <see cref="ActuationTuning.StandingWindowSamples"/> show the
        /// commutation ripple of a turning rotor: their spread is more than twice the
        /// <see cref="ActuationTuning.StandingSpreadPermille"/> a standing rotor stays within (a turning one swings +-9..12 %,
        /// a standing one moves 0.3-0.4 % per sample with ADC noise and winding warming). False when there are too few.
        /// </summary>
        private bool RotorTurning(int meanMa)
        {
            int n = ActuationTuning.StandingWindowSamples;
            if (_watchedSamples < n || _betweenCount < n || meanMa <= 0) return false;
            return SpreadMilliamps(n) * 1000L > (long)meanMa * 2 * ActuationTuning.StandingSpreadPermille;
        }

        /// <summary>
        /// <see cref="RotorTurning"/> at full duty only: a duty-capped stroke on a flat pack scatters its samples with the pack's
        /// sag and the chopped current while the rotor stands (battery-dead-while-locked.yaml read as turning, then `jam`).
        /// </summary>
        private bool RippleHeard(int meanMa)
        {
            return _dutyPermille >= ActuationTuning.RunPermille && RotorTurning(meanMa);
        }

        /// <summary>
        /// At full duty, the in-between and regular samples of the last <see cref="ActuationTuning.StandingWindowSamples"/> spread
        /// more than the <see cref="ActuationTuning.StandingSpreadPermille"/> a standing rotor stays within: the witness that
        /// would call a standing rotor's stall (<see cref="StandingRotor"/>) sees it turn. Not the ripple's own test
        /// (<see cref="RotorTurning"/>, twice that spread): a weak actuator's extra series resistance (tired brushes, a corroded
        /// lead) dilutes the commutation ripple by the same factor, and a bolt crawling at 4-5 mm/s behind a motor at half its
        /// torque spread 7-11 % (blind acceptance tests, 2026-11-28: torque x0.5 at -20 C on alkaline 60 %, the lock cut by
        /// its time limit at 17 mm, where that motor could not break the bolt away again).
        /// </summary>
        private bool RotorNotStanding(int meanMa)
        {
            int n = ActuationTuning.StandingWindowSamples;
            return _dutyPermille >= ActuationTuning.RunPermille && _watchedSamples >= n && _betweenCount >= n && meanMa > 0 && !StandingRotor(meanMa);
        }

        /// <summary>Highest minus lowest of the last <paramref name="n"/> regular samples and the in-between samples taken with them.</summary>
        private int SpreadMilliamps(int n)
        {
            int low = int.MaxValue;
            int high = int.MinValue;
            for (int i = 1; i <= n; i++)
            {
                int a = _recentMilliamps[(_recentCount - i) % ActuationTuning.ReferenceWindowSamples];
                int b = _betweenMilliamps[(_betweenCount - i) % n];
                low = IntMath.Min(low, IntMath.Min(a, b));
                high = IntMath.Max(high, IntMath.Max(a, b));
            }
            return high - low;
        }

        /// <summary>
        /// Keeps what the first attempt looked like before and at its stall, for telling an obstacle from the actuator
        /// itself (<see cref="StallCause"/>): the running current it had (0 = never seen running), how far it moved, and
        /// the stall current <paramref name="stallMilliamps"/> with the resistance it implies (the rotor stands, so motor
        /// voltage over current is R). A stroke that times out is noted the same way, on its last samples.
        /// </summary>
        private void NoteFirstStall(int motorMv, int stallMilliamps)
        {
            _record.StallRunningMilliamps = _armed ? _referenceMilliamps : 0;
            long moved = _positionMilliTenths - _attemptStartMilliTenths;
            _record.StallTravelTenthsMm = (int)((moved >= 0 ? moved : -moved) / 1000);
            _record.StallStanding = _stallStanding && _stallSamples >= ActuationTuning.StallConfirmSamples;
            _record.StallMilliamps = stallMilliamps;
            _record.StallMilliohms = StallResistance(motorMv, stallMilliamps);
        }

        /// <summary>
        /// Arms the stall detector with the running-current reference taken over the last
        /// <see cref="ActuationTuning.ReferenceWindowSamples"/> samples, not the 20 ms mean that triggered the arming: that
        /// mean is caught at a ripple dip as often as not (<see cref="ActuationTuning.ReferenceWindowSamples"/>).
        /// </summary>
        private void Arm()
        {
            _armed = true;
            _referenceMilliamps = MeanLastMilliamps(ActuationTuning.ReferenceWindowSamples);
        }

        private int MeanRecentMilliamps()
        {
            return MeanLastMilliamps(ActuationTuning.StallAveragingSamples);
        }

        /// <summary>Mean of the last <paramref name="samples"/> current samples of this attempt (fewer at its start).</summary>
        private int MeanLastMilliamps(int samples)
        {
            int count = IntMath.Min(_recentCount, samples);
            if (count == 0) return 0;
            int sum = 0;
            for (int i = 1; i <= count; i++) sum += _recentMilliamps[(_recentCount - i) % ActuationTuning.ReferenceWindowSamples];
            return sum / count;
        }

        /// <summary>
        /// Records one reading in the stroke's trace, peak current and lowest pack voltage; also the reading a short was named
        /// on outside the driving samples (the press), which counts in none of the sums.
        /// </summary>
        private void NoteReading(int mA, int batteryMv)
        {
            int positive = IntMath.Max(mA, 0);
            if (_record.TraceLength < StrokeRecord.TraceCapacity)
            {
                _record.Trace[_record.TraceLength++] = (byte)IntMath.Min(positive / StrokeRecord.TraceMilliampsPerStep, 255);
            }
            if (positive > _record.PeakMilliamps) _record.PeakMilliamps = positive;
            if (batteryMv < _record.MinBatteryMillivolts) _record.MinBatteryMillivolts = batteryMv;
        }

        private void Account(int mA, int motorMv, int dtMs, int batteryMv)
        {
            int positive = IntMath.Max(mA, 0);
            NoteReading(mA, batteryMv);
            _record.CurrentSum += positive;
            _record.CurrentSamples++;
            long microjoules = (long)IntMath.Max(motorMv, 0) * positive * dtMs / 1000;
            _record.EnergyAccumulator += microjoules;
            if (_stallSamples > 0) _record.StallEnergyAccumulator += microjoules;
        }

        /// <summary>
        /// Stroke time limit: 3 s uncalibrated, else twice the expected stroke time plus a margin. A motor's free
        /// speed is proportional to the voltage across it, so the learned stroke time is scaled by the calibration
        /// battery voltage over today's and by the duty cap the power monitor imposed.
        /// </summary>
        private int TimeoutMs(StrokeDirection direction)
        {
            if (!_calibration.Valid) return ActuationTuning.UncalibratedTimeoutMs;
            // Never shorter than learned: a pack above the calibration's voltage does not shorten the limit.
            int expectedMs = _calibration.StrokeMs[(int)direction];
            expectedMs = IntMath.Max(expectedMs, AtTodaysVoltageMs(expectedMs));
            expectedMs = IntMath.MulDiv(expectedMs, ActuationTuning.RunPermille, IntMath.Max(_dutyCapPermille, ActuationTuning.SoftStartInitialPermille));
            return 2 * expectedMs + ActuationTuning.TimeoutMarginMs;
        }

        /// <summary>
        /// The stroke time a target switch closing too early is judged against (<see cref="ActuationTuning.EarliestLimitPermille"/>),
        /// ms: the learned time, or the calibration's own stroke scaled by its battery voltage over today's when that is
        /// shorter. The learned time follows the pack the lock has run on: after months on a worn alkaline pack (1.4 s) a
        /// fresh lithium pack threw the bolt in 0.7 s, every switch read as closing too early, every stroke ended on the end-stop
        /// current and `bolt_sensor_fault` stood for good (blind acceptance tests, 2026-11-28). Free speed is proportional to the
        /// motor voltage, so the calibration's stroke at today's higher voltage is what the new pack may do.
        /// </summary>
        private int FastestStrokeMs(StrokeDirection direction)
        {
            int d = (int)direction;
            int learnedMs = _calibration.StrokeMs[d];
            int referenceMs = _calibration.ReferenceStrokeMs[d];
            if (referenceMs <= 0) return learnedMs;
            // Only ever faster than the calibration's: a pack below its voltage is the time limit's business (TimeoutMs).
            return IntMath.Min(learnedMs, IntMath.Min(referenceMs, AtTodaysVoltageMs(referenceMs)));
        }

        /// <summary>
        /// A stroke time at the calibration's battery voltage as it would be at this stroke's rest voltage, ms: free speed is
        /// proportional to the motor voltage, so the time scales by calibration voltage / today's. Unscaled when either
        /// reading is not a pack's (<see cref="IsPlausibleBattery"/>). One scaling for the time limit (<see cref="TimeoutMs"/>,
        /// longer on a lower pack) and the early-switch check (<see cref="FastestStrokeMs"/>, shorter on a higher one).
        /// </summary>
        private int AtTodaysVoltageMs(int strokeMs)
        {
            int calibrationMv = _calibration.BatteryMillivolts;
            int restMv = _record.RestBatteryMillivolts;
            if (!IsPlausibleBattery(restMv) || !IsPlausibleBattery(calibrationMv)) return strokeMs;
            return IntMath.MulDiv(strokeMs, calibrationMv, restMv);
        }

        /// <summary>
        /// Absolute limit of this attempt, ms: <see cref="ActuationTuning.MaxUnlockStrokeMs"/> for an unlock (the owner's way in),
        /// <see cref="ActuationTuning.MaxStrokeMs"/> for a lock and for any way back after giving up.
        /// </summary>
        private int MaxAttemptMs
        {
            get { return _target == StrokeDirection.Retract && _state != DriveState.Recovering ? ActuationTuning.MaxUnlockStrokeMs : ActuationTuning.MaxStrokeMs; }
        }

        /// <summary>
        /// True while the back-EMF position estimate still advances by <see cref="ActuationTuning.ProgressMinTenthsMm"/>
        /// per <see cref="ActuationTuning.ProgressWindowMs"/>: a bolt crawling through cold grease on a sagging pack is
        /// slow, not stuck, and is let finish up to <see cref="MaxAttemptMs"/>. A stall is caught by
        /// the current long before; this only decides what the time limit means.
        /// An unlock's first attempt whose stall detector has seen the motor run and has no stall candidate is let run to
        /// <see cref="ActuationTuning.MaxUnlockStrokeMs"/> as well, whatever the estimate says: on a cold, nearly empty pack that
        /// sags to 2.7 V the estimate's I x R term swallows the back-EMF (the blended resistance still that of a warmer
        /// stroke) and reads a bolt moving at 5 mm/s as 2 mm/s, and cutting it 4 mm short of open strands the owner.
        /// Still bounded (10 s), and a real stall ends it at once.
        /// Any attempt but the way back, a retry too, also runs on while the rotor is seen turning (<see cref="RotorHeardTurning"/>):
        /// the commutation ripple is a witness of rotation that does not go through the resistance the estimate subtracts.
        /// </summary>
        private bool StillProgressing(long nowMs, int elapsedMs)
        {
            if (elapsedMs >= MaxAttemptMs) return false;
            // The estimate's rules not on a retry: it runs against an obstacle already met, where a stalled rotor at another
            // angle than R was measured at can make the estimate creep. The ripple below is no estimate and holds on a retry too.
            bool retry = _lastStallMilliamps != 0;
            if (!retry && _target == StrokeDirection.Retract && _state != DriveState.Recovering && _armed && _stallSamples == 0) return true;
            // Either way, an attempt whose in-between samples spread wider than a standing rotor's on every sample for 500 ms has a
            // turning rotor: a cold stiff bolt crawling at 3-8 mm/s with its current at 93 % of the predicted stall (the
            // estimate's I x R term then swallows most of the back-EMF and reads a quarter to half of the real speed), a weak
            // motor's bolt crawling at 4-5 mm/s (RotorNotStanding). A standing rotor whose estimate creeps (V - I x R > 0 with R
            // read low) draws a flat current (spread 1 % or less), so it never earns this: the same samples call its stall
            // (StandingRotor); one that stands after turning is let run at most TurningGraceMs after the spread went.
            if (_state != DriveState.Recovering && _armed && RotorHeardTurning(nowMs)) return true;
            return !retry && _windowAdvanceMilliTenths >= (long)ActuationTuning.ProgressMinTenthsMm * 1000;
        }

        /// <summary>
        /// True when the in-between samples saw the rotor turn (<see cref="RotorNotStanding"/>) on every sample for at
        /// least <see cref="ActuationTuning.ProgressWindowMs"/>, the last of them no more than
        /// <see cref="ActuationTuning.TurningGraceMs"/> ago.
        /// </summary>
        private bool RotorHeardTurning(long nowMs)
        {
            return _turningUntilMs > 0 && _turningUntilMs - _turningFromMs >= ActuationTuning.ProgressWindowMs
                && nowMs - _turningUntilMs <= ActuationTuning.TurningGraceMs;
        }

        private void ResetDetector(long nowMs)
        {
            _recentCount = 0;
            _armed = false;
            _referenceMilliamps = 0;
            _progressMarkMs = nowMs;
            _travelMilliTenths = 0;
            _progressMarkMilliTenths = 0;
            _attemptStartMilliTenths = _positionMilliTenths;
            _accelerationMarkMa = 0;
            _accelerationMarkMs = 0;
            _windowAdvanceMilliTenths = 0;
            _betweenCount = 0;
            _watchedSamples = 0;
            _betweenAtMs = long.MaxValue;
            _stallStanding = false;
            _turningFromMs = 0;
            _turningUntilMs = 0;
        }

        /// <summary>
        /// Moves the absolute position estimate: back-EMF is proportional to speed, so its integral is
        /// distance, scaled by the integral of a full stroke: the calibrated one, else one learned by an uncalibrated full
        /// stroke (<see cref="Learn"/>), else the reference gearmotor's (<see cref="ActuationTuning.NominalFullStrokeEmfMvMs"/>).
        /// Without a current to subtract I x R by (<see cref="CurrentSensorSuspect"/>), time at duty stands in.
        /// </summary>
        private void Travel(StrokeDirection direction, int emfMv, int dtMs, int dutyPermille)
        {
            int d = (int)direction;
            int full = _calibration.FullStrokeEmfMvMs[d];
            // Uncalibrated, time at duty read a strike 4 mm out at 6.6 mm on the first attempt and drifted 1.5 mm a retry
            // (the rotor's run-up and the stall's detection time count as travel), so a strike out of line was named jam;
            // the back-EMF integral does not grow while the rotor stands or speeds up (docs/actuation.md, uncalibrated).
            if (full <= 0) full = ActuationTuning.NominalFullStrokeEmfMvMs;
            long step;
            if (!CurrentSensorSuspect) step = emfMv > 0 ? (long)emfMv * dtMs * BoardConfig.BoltThrowTenthsMm * 1000 / full : 0;
            else step = (long)dtMs * dutyPermille * BoardConfig.BoltThrowTenthsMm / _calibration.StrokeMs[d];
            // Distance moved, before the clamp to the throw below: progress near an end must still count.
            _travelMilliTenths += step;
            if (direction == StrokeDirection.Retract) step = -step;
            _positionMilliTenths += step;
            if (_positionMilliTenths < 0) _positionMilliTenths = 0;
            long max = (long)BoardConfig.BoltThrowTenthsMm * 1000;
            if (_positionMilliTenths > max) _positionMilliTenths = max;
        }

        private void SampleBackoff(int dtMs)
        {
            int mA = MotorMilliamps(_board.MotorCurrent.ReadCounts(), ActuationTuning.BackoffPermille);
            int batteryMv = ReadBatteryMillivolts();
            int motorMv = MotorMillivolts(batteryMv, mA, ActuationTuning.BackoffPermille);
            Account(mA, motorMv, dtMs, batteryMv);
            int emfMv = motorMv - IntMath.MulDiv(IntMath.Max(mA, 0), PositionMilliohms, 1000);
            if (emfMv > 0) _backoffEmfMvMs += (long)emfMv * dtMs;
            Travel(Opposite(_target), emfMv, dtMs, ActuationTuning.BackoffPermille);
        }

        /// <summary>Reads the battery channel now: its voltage, mV, or the stand-in for an implausible reading (<see cref="PlausibleBatteryMillivolts"/>).</summary>
        private int ReadBatteryMillivolts()
        {
            int batteryCounts = _board.Battery.ReadCounts();
            return PlausibleBatteryMillivolts(batteryCounts, _scale.BatteryMillivolts(batteryCounts));
        }

        /// <summary>
        /// The battery voltage to predict the stall current from. A reading no 4-cell pack running the MCU can give
        /// (a rail, or outside the battery monitor's plausible range: a failed divider or ADC) would make every
        /// current look like a stall (or hide a short); the stroke's rest reading, else the calibration voltage,
        /// else the nominal pack voltage stands in for it. The battery monitor reports the sensor fault.
        /// </summary>
        private int PlausibleBatteryMillivolts(int counts, int millivolts)
        {
            // A frozen or load-blind battery channel (battery_sensor_fault) predicts nothing, neither live nor at rest:
            // it goes straight to what calibration saw.
            if (!BatterySensorSuspect)
            {
                if (IsPlausibleBattery(millivolts) && !AdcScale.AtRail(counts)) return millivolts;
                if (IsPlausibleBattery(_record.RestBatteryMillivolts)) return _record.RestBatteryMillivolts;
            }
            if (IsPlausibleBattery(_calibration.BatteryMillivolts)) return _calibration.BatteryMillivolts;
            return ActuationTuning.NominalBatteryMillivolts;
        }

        private static bool IsPlausibleBattery(int millivolts)
        {
            return millivolts >= BatteryMonitor.MinPlausibleMillivolts && millivolts <= BatteryMonitor.MaxPlausibleMillivolts;
        }

        /// <summary>How far towards <paramref name="direction"/>'s end the bolt is, permille, from the position estimate.</summary>
        private int PositionPermille(StrokeDirection direction)
        {
            int extensionPermille = (int)(_positionMilliTenths / BoardConfig.BoltThrowTenthsMm);
            return direction == StrokeDirection.Extend ? extensionPermille : 1000 - extensionPermille;
        }

        private void SampleResistance(long nowMs)
        {
            if (_probeReleased)
            {
                SampleProbeRelease(nowMs);
                return;
            }
            int currentCounts = _board.MotorCurrent.ReadCounts();
            int mA = MotorMilliamps(currentCounts, PressPermille);
            // The same voltage the stroke will predict its stall current from: R is measured as V/I, so with a frozen
            // battery reading the stand-in voltage cancels out of the stall prediction V/R (docs/diagnosis.md).
            int batteryMv = ReadBatteryMillivolts();
            int elapsedMs = (int)(nowMs - _attemptStartMs);
            int motorMv = MotorMillivolts(batteryMv, mA, PressPermille);
            if (currentCounts >= BoardConfig.AdcMaxCounts || mA > ActuationTuning.ShortFactor * IntMath.Max(IntMath.MulDiv(motorMv, 1000, _calibration.MotorMilliohms), 100))
            {
                // The reading that named the short is the stroke's evidence (peak_ma, the fault's detail): a short found by the
                // press used to leave peak_ma=0 and no sample (blind acceptance tests, 2026-11-28).
                NoteReading(mA, batteryMv);
                Cut(nowMs, elapsedMs, StrokeEnd.Short, TraceCause.Short);
                return;
            }
            // The bolt may rest a fraction of a millimetre off the stop after braking and closes that gap in the first
            // samples (back-EMF while it moves): average only the settled second half of the window. Averaging also
            // divides the ADC noise, which the division by a 30 % duty multiplies by three.
            // The first sample is taken before the rotor can have turned (electrical time constant tens of us, mechanical
            // tens of ms): no back-EMF, even when the press then moves a bolt resting short of its stop into it.
            if (_firstMeasureMilliohms == 0 && mA >= ActuationTuning.OpenCircuitMilliamps) _firstMeasureMilliohms = IntMath.MulDiv(motorMv, 1000, mA);
            // The pack test presses longer: more readings of a drop of only tens of mV on a warm pack.
            int pressMs = _probePermille > 0 ? ActuationTuning.ProbePressMs : ActuationTuning.MeasureMs;
            if (elapsedMs > pressMs / 2)
            {
                _measureMilliampsSum += mA;
                _measureMillivoltsSum += motorMv;
                _measureSamples++;
                _pressMillivoltsSum += batteryMv;
            }
            if (elapsedMs < pressMs) return;
            int measuredMa = _measureSamples > 0 ? (int)(_measureMilliampsSum / _measureSamples) : 0;
            if (measuredMa >= ActuationTuning.OpenCircuitMilliamps)
            {
                // No current means an open circuit, which the stroke itself will find; keep the old value then.
                int milliohms = IntMath.MulDiv((int)(_measureMillivoltsSum / _measureSamples), 1000, measuredMa);
                if (milliohms >= ActuationTuning.MinMotorMilliohms && milliohms <= ActuationTuning.MaxMotorMilliohms)
                {
                    NoteCleanResistance(milliohms);
                    AddReading(nowMs, _record.MeasuredMilliohms, PressPermille);
                    _calibration.PositionMilliohms = BlendResistance(PositionMilliohms, PressBlendMilliohms(milliohms));
                    _calibration.MotorMilliohms = BlendResistance(_calibration.MotorMilliohms, milliohms);
                    // The pack test's press gives no stroke time either: the first lock after it is still the first stroke
                    // since start-up for the end-stop check (AtEndStop), which near-end obstacles on a used, unmeasured pack
                    // lost when the test counted (ActuationBench 3000 jams, seed 3: 4 named bolt_sensor_fault).
                    if (_probePermille == 0) _readingsSinceStart++;
                    _record.MotorMilliohms = _calibration.MotorMilliohms;
                }
            }
            if (_probePermille > 0)
            {
                // The pack test: the bridge off, its second point is read once the pack and the divider tap have settled.
                _board.Motor.SetBridge(BridgeMode.Coast, 0);
                _probeReleased = true;
                return;
            }
            StartAttempt(nowMs, TraceCause.RampDone);
        }

        /// <summary>
        /// One regular sample of a retry pause while the end-stop check is placing a stall (<see cref="ActuationTuning.PauseReadings"/>):
        /// a full-duty push towards the stall with a standstill reading <see cref="ActuationTuning.RetryReadingMs"/> in
        /// (<see cref="PauseReading"/>), one sample long, then braked for <see cref="ActuationTuning.PauseBrakeMs"/> so the
        /// rotor stands at a new angle for the next. The pool's readings at other angles are what the check's placing spread is
        /// made of (docs/actuation.md, the end-stop readings). The push moves the bolt a few hundredths of a millimetre towards
        /// where it stalled; the retry that follows starts from there.
        /// </summary>
        private void SamplePauseReading(long nowMs)
        {
            if (_pausePhase == 1)
            {
                _board.Motor.SetBridge(BridgeMode.Brake, 0);
                _pausePhase = 2;
                _pauseBrakeMs = nowMs;
                return;
            }
            if (_pausePhase == 2)
            {
                if (nowMs - _pauseBrakeMs < ActuationTuning.PauseBrakeMs) return;
                _pauseReadings++;
                _pausePhase = 0;
                if (_pauseReadings >= ActuationTuning.PauseReadings) return;
            }
            SetDrive(_target, ActuationTuning.RunPermille);
            _pausePhase = 1;
            _readingPending = true;
            _betweenAtMs = nowMs + ActuationTuning.RetryReadingMs;
        }

        /// <summary>
        /// A standstill reading at full duty in a retry pause, taken <see cref="ActuationTuning.RetryReadingMs"/> after the bridge
        /// was switched on with the rotor standing: the current has settled, the rotor has not turned. It goes to the end-stop
        /// check's pool. A reading at the ADC rail cuts the bridge (a short).
        /// </summary>
        private void PauseReading(long nowMs)
        {
            int currentCounts = _board.MotorCurrent.ReadCounts();
            if (currentCounts >= BoardConfig.AdcMaxCounts)
            {
                Cut(nowMs, (int)(nowMs - _attemptStartMs), StrokeEnd.Short, TraceCause.Short);
                return;
            }
            AddStandstillReading(nowMs, currentCounts, ActuationTuning.RunPermille);
        }

        /// <summary>
        /// Adds the standstill reading of <paramref name="currentCounts"/> (motor current, read just now at
        /// <paramref name="dutyPermille"/>) and the battery channel read after it to the end-stop check's pool; a current below
        /// the open-circuit level measures nothing.
        /// </summary>
        private void AddStandstillReading(long nowMs, int currentCounts, int dutyPermille)
        {
            int mA = MotorMilliamps(currentCounts, dutyPermille);
            int motorMv = MotorMillivolts(ReadBatteryMillivolts(), mA, dutyPermille);
            if (mA >= ActuationTuning.OpenCircuitMilliamps) AddReading(nowMs, StallResistance(motorMv, mA), dutyPermille);
        }

        /// <summary>
        /// The pack test after its press: the bridge is off for another <see cref="ActuationTuning.ProbePressMs"/>, and the
        /// readings of its second half are the pack's second point. Read after the press rather than before it: a 300 ms
        /// press leaves little polarisation (alkaline: a 2 s time constant), and the readings are all of one stretch of
        /// 5 ms polls. With the bridge off the MCU light-sleeps between those polls, so they see the pack at the light-sleep
        /// current, which <see cref="RecordPressPack"/> counts in the step. Then the test ends (<see cref="StrokeEnd.Stopped"/>).
        /// </summary>
        private void SampleProbeRelease(long nowMs)
        {
            int elapsedMs = (int)(nowMs - _attemptStartMs);
            if (elapsedMs > ActuationTuning.ProbePressMs + ActuationTuning.ProbePressMs / 2)
            {
                _releasedMillivoltsSum += ReadBatteryMillivolts();
                _releasedSamples++;
            }
            if (elapsedMs < 2 * ActuationTuning.ProbePressMs) return;
            RecordPressPack();
            _pendingEnd = StrokeEnd.Stopped;
            Finish(nowMs);
        }

        /// <summary>
        /// The pack's resistance from the pack test, two-point: the settled readings with the bridge off after the press
        /// against the settled readings under it, over the step of the pack current between them: the motor's (the sensed
        /// current: PWM chops it as the pack sees it) and the MCU's own, awake through the press and light-sleeping between
        /// the polls after it (<see cref="PowerBudget.ActiveMicroamps"/> less <see cref="PowerBudget.SleepMicroamps"/>, 37 mA,
        /// a third of the press's). Left out, the test read a 10 % alkaline pack at +20 C at 2.31 ohm where the pack's own
        /// drop under the press (the simulator's terminal voltage) gives 1.74 and the next stroke 2.02, and with its margin
        /// refused the first lock of a used pack fitted with the bolt home, which the same pack carried (blind acceptance tests,
        /// 2026-11-28). The settled reading after the press is put on the awake current too (the rest readings' scale). At
        /// 70 % duty a 16.7 ohm motor draws ~110-150 mA from the pack, so the drop is ~150 mV on a warm pack and several
        /// hundred on a cold or empty one: enough to tell those apart, not to gauge with (the strokes do that).
        /// </summary>
        private void RecordPressPack()
        {
            // PWM chops the pack current: the pack supplies the motor's mean current times the duty.
            _record.PressPackMilliamps = _measureSamples > 0 ? IntMath.MulDiv((int)(_measureMilliampsSum / _measureSamples), _probePermille, 1000) : 0;
            int releasedMv = _releasedSamples > 0 ? (int)(_releasedMillivoltsSum / _releasedSamples) : 0;
            _record.PressRestMillivolts = releasedMv;
            _record.PressPackMilliohms = 0;
            if (_releasedSamples == 0 || _record.PressPackMilliamps < ActuationTuning.PressPackMinMilliamps || BatterySensorSuspect) return;
            int pressedMv = (int)(_pressMillivoltsSum / _measureSamples);
            int dropMv = IntMath.Max(releasedMv - pressedMv, 0);
            _record.PressPackMilliohms = IntMath.Clamp(IntMath.MulDiv(dropMv, 1000, _record.PressPackMilliamps + PowerBudget.WakeStepMilliamps), 1, 30000);
            _record.PressRestMillivolts = releasedMv - IntMath.MulDiv(PowerBudget.WakeStepMilliamps, _record.PressPackMilliohms, 1000);
        }

        /// <summary>
        /// The winding resistance the back-EMF position estimate subtracts, milliohms (<see cref="Calibration.PositionMilliohms"/>,
        /// stored with the learned integrals it was worked out with): blended like the stored resistance
        /// (<see cref="BlendResistance"/>) but from each press's reading without the bolt's motion (<see cref="PressBlendMilliohms"/>),
        /// starting from the stored resistance when there is none yet. The stall prediction and the battery gauge keep the stored
        /// blend of the settled means (<see cref="Calibration.MotorMilliohms"/>): a high resistance is their cautious side (a lower
        /// predicted stall current, a heavier pack load), and their thresholds were measured with it (docs/actuation.md, the check's
        /// readings on one duty scale).
        /// </summary>
        private int PositionMilliohms { get { return _calibration.PositionMilliohms > 0 ? _calibration.PositionMilliohms : _calibration.MotorMilliohms; } }

        /// <summary>
        /// The press's reading the position estimate's resistance blend takes, milliohms: the settled mean (<paramref name="settledMilliohms"/>; averaging
        /// divides the ADC noise, which the 30 % duty multiplies by three), unless it reads more than
        /// <see cref="ActuationTuning.PressMotionPermille"/> above the clean reading: then the bolt was moving through the settled
        /// half (a stroke ends on its switch, 0.1-0.8 mm short of the stop, and the press pushes it there), the back-EMF of that
        /// motion lowered the current, and the clean reading (<see cref="StrokeRecord.MeasuredMilliohms"/>) is the one without it.
        /// </summary>
        private int PressBlendMilliohms(int settledMilliohms)
        {
            int clean = _record.MeasuredMilliohms;
            if (clean <= 0 || settledMilliohms - clean <= IntMath.MulDiv(clean, ActuationTuning.PressMotionPermille, 1000)) return settledMilliohms;
            return clean;
        }

        /// <summary>
        /// Records this stroke's standstill resistance for the assessor: the lower of the first sample and the settled mean
        /// (a bolt resting short of its stop is moved into it by the press, and the back-EMF of that motion can only
        /// lower the current, so the lower resistance is the one without it). During calibration the reference is the
        /// mean of the calibration run's measurements, each at another rotor angle.
        /// </summary>
        private void NoteCleanResistance(int settledMilliohms)
        {
            int clean = _firstMeasureMilliohms > 0 ? IntMath.Min(_firstMeasureMilliohms, settledMilliohms) : settledMilliohms;
            _record.MeasuredMilliohms = clean;
            if (!_calibrating) return;
            if (_calibration.ReferenceMilliohms == 0) _referenceSamples = 0;
            _referenceSamples++;
            _calibration.ReferenceMilliohms += (clean - _calibration.ReferenceMilliohms) / _referenceSamples;
        }

        /// <summary>
        /// The winding resistance estimate after a new standstill measurement. One measurement sees the rotor at one
        /// angle, and the commutation ripple moves the resistance +-12 % with angle (small brushed motors show 10-30 %
        /// peak-to-peak current ripple), so measurements are averaged across strokes, each stroke resting at another
        /// angle. A change larger than the ripple can explain is temperature (copper +0.39 %/K: a 60 K swing is 24 %)
        /// and is taken at once.
        /// </summary>
        private static int BlendResistance(int previousMilliohms, int measuredMilliohms)
        {
            if (previousMilliohms <= 0) return measuredMilliohms;
            int differencePermille = IntMath.MulDiv(IntMath.Abs(measuredMilliohms - previousMilliohms), 1000, previousMilliohms);
            if (differencePermille > ActuationTuning.ResistanceJumpPermille) return measuredMilliohms;
            return previousMilliohms + (measuredMilliohms - previousMilliohms) / ActuationTuning.ResistanceBlendDivisor;
        }

        /// <summary>
        /// Resistance for the stall prediction: the standstill measurement, averaged across strokes. A tired motor
        /// (worn brushes, a corroded connection: reported as weak) has a higher resistance and a stall current
        /// lower by the same factor, so the measured value is the right one for it too; its running current, close
        /// to that lower stall current, is kept from looking like a stall by the rise test, not by capping R.
        /// </summary>
        private int StallMilliohms()
        {
            return _calibration.MotorMilliohms;
        }

        /// <summary>
        /// Motor current from the sensed current. The DRV8833's ISEN shunt carries current only in the PWM
        /// on-phase (datasheet, current regulation / ISEN), so the filtered ADC reading is duty x motor current.
        /// </summary>
        private int MotorMilliamps(int currentCounts, int dutyPermille)
        {
            int sensedMilliamps = _scale.MotorMilliamps(currentCounts) - _zeroMilliamps;
            return dutyPermille > 0 ? IntMath.MulDiv(sensedMilliamps, 1000, dutyPermille) : sensedMilliamps;
        }

        /// <summary>Electrical fault: coast at once (braking would short the windings again) and end the stroke.</summary>
        private void Cut(long nowMs, int elapsedMs, StrokeEnd end, TraceCause cause)
        {
            _board.Motor.SetBridge(BridgeMode.Coast, 0);
            _record.AttemptMs = elapsedMs;
            _pendingEnd = end;
            Enter(nowMs, DriveState.Idle, cause);
            Finish(nowMs);
        }

        /// <summary>
        /// The breakaway check of a lock's first attempt (<see cref="ActuationTuning.BreakawayCheckPermille"/>): on a pack
        /// reading below <see cref="ActuationTuning.BreakawayPackMillivolts"/> when the ramp reaches the check's duty with the
        /// rotor not yet seen turning, the ramp holds there and the current is compared with what the standing rotor would draw (V / R, R the lowest the ramp read
        /// before the hold, at this very rotor angle, so the commutation ripple does not enter). A rotor that turns draws less by its
        /// back-EMF, and the ramp goes on; one that still stands has not broken the bolt away with a third of the force to
        /// spare that the unlock will need from wherever the bolt comes to rest: the lock is taken back (the bolt has not
        /// left the stop) and refused for the pack (<see cref="StrokeEnd.InsufficientBattery"/>). Returns true when the
        /// attempt stopped.
        /// </summary>
        /// <summary>
        /// True when the winding reads at least <see cref="ActuationTuning.BreakawayHotWindingPermille"/> of the calibration's
        /// standstill resistance (copper +0.393 %/K: some 20 K warmer than at calibration). The breakaway check guards against
        /// cold cells that polarise under the stroke and cold grease; a hot lock's cells recover at once and its grease is
        /// thin, while its motor's torque per volt is lowest (R up, ferrite Ke down): at 45-60 C a 15-20 % alkaline pack read
        /// 4.4 V under the soft start, the bolt did not break away at the check's duty, and every such lock was refused though
        /// the strokes before and after completed at full duty (blind acceptance tests, 2026-11-28).
        /// </summary>
        private bool WindingReadsHot()
        {
            return _calibration.StandstillPermille(_calibration.MotorMilliohms) >= ActuationTuning.BreakawayHotWindingPermille;
        }

        private bool BreakawayCheck(long nowMs, int elapsedMs, int rampPermille, int mA, int motorMv, int batteryMv)
        {
            if (_breakawayPhase == 1)
            {
                // The ramp's lowest V / I is the standing rotor's resistance at this angle: a rotor that has begun to turn reads
                // higher by its back-EMF. (The press's reading sits 2-6 % lower at a cold pack's third of the current.)
                if (mA >= ActuationTuning.OpenCircuitMilliamps) _breakawayStandingMilliohms = IntMath.Min(_breakawayStandingMilliohms, IntMath.MulDiv(IntMath.Max(motorMv, 0), 1000, mA));
                if (rampPermille < ActuationTuning.BreakawayCheckPermille) return false;
                // A rotor already turning when the ramp gets there (the bolt broke away lower down, as on any pack with force to
                // spare) reads its back-EMF on this very sample: no hold, and the stroke runs as it always did.
                if (batteryMv >= ActuationTuning.BreakawayPackMillivolts || WindingReadsHot() || _dutyCapPermille < ActuationTuning.BreakawayCheckPermille || _breakawayStandingMilliohms == int.MaxValue
                    || DrawsLessThanStanding((long)IntMath.Max(mA, 0) * _breakawayStandingMilliohms, (long)IntMath.Max(motorMv, 0) * 1000, ActuationTuning.BreakawayTurningPermille))
                {
                    _breakawayPhase = 0;
                    return false;
                }
                _breakawayPhase = 2;
                _breakawayHeldAtMs = nowMs;
                return false;
            }
            long heldMs = nowMs - _breakawayHeldAtMs;
            if (heldMs <= ActuationTuning.BreakawaySettleMs) return false;
            _breakawayMaSum += IntMath.Max(mA, 0);
            _breakawayStandingMaSum += StandingMilliamps(motorMv);
            if (heldMs < ActuationTuning.BreakawaySettleMs + ActuationTuning.BreakawayWindowMs) return false;
            _breakawayPhase = 0;
            if (DrawsLessThanStanding(_breakawayMaSum, _breakawayStandingMaSum, ActuationTuning.BreakawayDeficitPermille)) return false;
            _record.BreakawayRefused = true;
            StopAttempt(nowMs, elapsedMs, StrokeEnd.InsufficientBattery, TraceCause.InsufficientBattery);
            return true;
        }

        /// <summary>
        /// Counts this sample towards the pack's sag below the rail's floor (<see cref="LockFirmware.Power.BatteryEstimator.MinLoadMillivolts"/>)
        /// and says whether it has lasted <see cref="ActuationTuning.SagConfirmSamples"/> samples: a running lock's first
        /// attempt is then taken back, a seating lock ends its press.
        /// </summary>
        private bool PackSagConfirmed(int batteryMv)
        {
            _saggedSamples = batteryMv < LockFirmware.Power.BatteryEstimator.MinLoadMillivolts ? _saggedSamples + 1 : 0;
            return _saggedSamples >= ActuationTuning.SagConfirmSamples;
        }

        /// <summary>
        /// True when a lock reaching its extended switch has been crawling (<see cref="ActuationTuning.SeatEmfPermille"/>): it is
        /// driven on into the end stop so the unlock finds the stop pressed. Not in a calibration run (it learns the stops as they
        /// are) nor on a way back.
        /// </summary>
        private bool Crawling(StrokeDirection moving)
        {
            return moving == StrokeDirection.Extend && _state == DriveState.Running && !_calibrating && !CurrentSensorSuspect && _seatEmfPermille < ActuationTuning.SeatEmfPermille;
        }

        /// <summary>What the standing rotor draws at <paramref name="motorMv"/>, mA: V / R with the ramp's lowest V / I.</summary>
        private int StandingMilliamps(int motorMv)
        {
            return IntMath.MulDiv(IntMath.Max(motorMv, 0), 1000, _breakawayStandingMilliohms);
        }

        /// <summary>
        /// True when <paramref name="drawn"/> falls at least <paramref name="deficitPermille"/> short of
        /// <paramref name="standing"/>, the same quantity for a standing rotor: the back-EMF of a turning one. One sample compares
        /// I x R with V (uV, exact); the window compares its current with the standing rotor's summed over its samples (mA).
        /// </summary>
        private static bool DrawsLessThanStanding(long drawn, long standing, int deficitPermille)
        {
            return drawn * 1000 <= standing * (1000 - deficitPermille);
        }

        private void StopAttempt(long nowMs, int elapsedMs, StrokeEnd end, TraceCause cause)
        {
            _board.Motor.SetBridge(BridgeMode.Brake, 0);
            StrokeDirection moving = MovingDirection();
            _record.AttemptMs = elapsedMs;
            if (end == StrokeEnd.Completed) _positionMilliTenths = moving == StrokeDirection.Extend ? (long)BoardConfig.BoltThrowTenthsMm * 1000 : 0;
            // A recovery move ends at the origin; the record keeps where the stroke itself stopped.
            if (_state != DriveState.Recovering) _record.StopTenthsMm = (int)(_positionMilliTenths / 1000);
            _recoveryBrake = _state == DriveState.Recovering;
            if (_state != DriveState.Recovering && _record.Attempts <= _attemptStopTenthsMm.Length)
            {
                _attemptStopTenthsMm[_record.Attempts - 1] = _record.StopTenthsMm;
            }
            if (_state != DriveState.Recovering)
            {
                _pendingEnd = end;
                if (end == StrokeEnd.Completed && moving == StrokeDirection.Retract && !_fromOriginEnd && _record.Attempts == 1)
                {
                    _record.TimedTravelPermille = TimedTravelPermille((int)moving, elapsedMs);
                }
                if (end == StrokeEnd.Completed) Learn(moving, elapsedMs);
            }
            else if (end != StrokeEnd.Completed)
            {
                // The way back is blocked too: stop where we are and say so.
                _pendingEnd = StrokeEnd.Jammed;
            }
            else
            {
                _record.ReturnPermille = ReturnPermille(moving, elapsedMs);
            }
            Enter(nowMs, DriveState.Braking, cause);
        }

        private void AfterBrake(long nowMs)
        {
            _board.Motor.SetBridge(BridgeMode.Coast, 0);
            if (_pendingEnd == StrokeEnd.InsufficientBattery && !_recoveryBrake)
            {
                // The pack sagged below the rail's floor: back to the retracted stop, the end the stroke set out from.
                _record.End = StrokeEnd.InsufficientBattery;
                StartWayBack(nowMs, TraceCause.InsufficientBattery);
                return;
            }
            if (_pendingEnd == StrokeEnd.Timeout && _record.WithoutCurrent && !_recoveryBrake)
            {
                // Without a current sensor the time limit is the only sign of a stall, and each retry would hold one for that
                // long again: give up at once and return to the end the stroke started from, as a jam's last retry does.
                _record.End = StrokeEnd.Timeout;
                StartWayBack(nowMs, TraceCause.RetriesExhausted);
                return;
            }
            if (_pendingEnd == StrokeEnd.Jammed && !_recoveryBrake)
            {
                // Back off so the bolt is not left pressed into the obstacle.
                StrokeDirection back = Opposite(_target);
                SetDrive(back, ActuationTuning.BackoffPermille);
                _backoffEmfMvMs = 0;
                Enter(nowMs, DriveState.BackingOff, TraceCause.BrakeDone);
                return;
            }
            Finish(nowMs);
        }

        private void AfterPause(long nowMs)
        {
            if (PushedBackHome(nowMs)) return;
            if (_record.Attempts < ActuationTuning.MaxAttempts)
            {
                _fullStroke = false;
                _fromOriginEnd = false;
                StartAttempt(nowMs, TraceCause.PauseDone);
                return;
            }
            // The stops are positions only if the stroke set out from the origin switch. From a bolt somewhere between the
            // switches (a silent switch, a key turned part way) the estimate's zero is a guess, and a stall at once is as
            // likely the far end stop as a strike face: not misalignment (docs/actuation.md).
            // A bolt that never left the retracted switch on any attempt stalled within the switch's travel of home, short
            // of any strike face (met across the door gap, ~4 mm): a jam, whatever the estimate crept to while the rotor
            // stood (an obstacle against the bolt tip was named misalignment, calibrated at seed 3 and uncalibrated at seed 2).
            _record.End = _startedAtOrigin
                ? (_originLeft ? StallClassifier.Classify(_target, _record.DoorClosed, _attemptStopTenthsMm, _record.Attempts, _calibration.StrikeFaceTenthsMm, KnownObstacleTenthsMm)
                    : StrokeEnd.Jammed)
                : StrokeEnd.Jammed;
            // Give up: return to the end the stroke started from, the safest position we know we can reach.
            StartWayBack(nowMs, TraceCause.RetriesExhausted);
        }

        /// <summary>
        /// A hand on the key or thumbturn took the bolt back against the stroke: the bolt stalled (a person holding the
        /// thumbturn stops the motor) at least <see cref="ActuationTuning.PushedBackTenthsMm"/> out and is found back on the
        /// switch it set out from when the retry pause ends, moved there with the motor off. The person wins: the stroke ends
        /// <see cref="StrokeEnd.Stopped"/> (<see cref="StrokeRecord.PushedBack"/>) with no retry and nothing judged from it.
        /// Before 2026-11-28 the retry threw the bolt back to where the person had just turned it from, and the stall against
        /// the hand named stiff_actuator or weak_actuator (blind acceptance tests: a thumbturn turned back 300 ms into a lock).
        /// Not while the switches are suspect, the current channel is (the estimate is then time at duty), or calibrating.
        /// Returns true when the stroke ended.
        /// </summary>
        private bool PushedBackHome(long nowMs)
        {
            if (!_fromOriginEnd || !_originSeenOpen || LimitSwitchSuspect || CurrentSensorSuspect || _calibrating) return false;
            if (!LimitClosed(Opposite(_target))) return false;
            int fromOrigin = _target == StrokeDirection.Extend ? PositionTenthsMm : BoardConfig.BoltThrowTenthsMm - PositionTenthsMm;
            if (fromOrigin < ActuationTuning.PushedBackTenthsMm) return false;
            _record.PushedBack = true;
            _board.Motor.SetBridge(BridgeMode.Coast, 0);
            _pendingEnd = StrokeEnd.Stopped;
            Enter(nowMs, DriveState.Idle, TraceCause.ManualMove);
            Finish(nowMs);
            return true;
        }

        /// <summary>
        /// Marks the stroke <see cref="StrokeRecord.Reversed"/> when the rotor turns backwards under forward drive for
        /// <see cref="ActuationTuning.LimitConfirmSamples"/> samples (<see cref="ActuationTuning.ReverseEmfPermille"/>): no
        /// obstacle, grease or pack does that, a hand on the thumbturn does. Before 2026-11-28 a hand that slowed a stroke
        /// without stopping it had stiff_actuator or weak_actuator named (blind acceptance tests).
        /// </summary>
        private void NoteReversal(int elapsedMs, int emfMv, int motorMv)
        {
            if (_state != DriveState.SoftStart && _state != DriveState.Running || CurrentSensorSuspect || elapsedMs < ActuationTuning.BlindTimeMs || motorMv <= 0)
            {
                _reverseSamples = 0;
                return;
            }
            if (emfMv < -IntMath.MulDiv(motorMv, ActuationTuning.ReverseEmfPermille, 1000))
            {
                _reverseSamples++;
                if (_reverseSamples >= ActuationTuning.LimitConfirmSamples) _record.Reversed = true;
            }
            else _reverseSamples = 0;
        }

        private static StrokeDirection Opposite(StrokeDirection direction)
        {
            return direction == StrokeDirection.Extend ? StrokeDirection.Retract : StrokeDirection.Extend;
        }

        /// <summary>Drives back to the end the stroke started from (a given-up stroke, a lock the pack cannot carry).</summary>
        private void StartWayBack(long nowMs, TraceCause cause)
        {
            _attemptStartMs = nowMs;
            _stallSamples = 0;
            _limitSamples = 0;
            _openMs = 0;
            _emfMvMs = 0;
            ResetDetector(nowMs);
            _dutyPermille = IntMath.Min(ActuationTuning.RunPermille, _dutyCapPermille);
            Enter(nowMs, DriveState.Recovering, cause);
            SetDrive(MovingDirection(), _dutyPermille);
        }

        private void Learn(StrokeDirection direction, int elapsedMs)
        {
            int d = (int)direction;
            int running = _runningCount > 0 ? (int)(_runningSum / _runningCount) : 0;
            int runningMv = _runningCount > 0 ? (int)(_runningMvSum / _runningCount) : 0;
            _record.RunningMilliamps = running;
            _record.RunningMotorMillivolts = runningMv;
            int emf = (int)IntMath.Min(_emfMvMs, int.MaxValue);
            if (!_fullStroke || _runningCount == 0) return;
            RememberFullStroke(d, elapsedMs);
            if (_calibrating || !_calibration.Valid && _calibration.FullStrokeEmfMvMs[d] == 0)
            {
                _calibration.BatteryMillivolts = _record.RestBatteryMillivolts;
                _calibration.StrokeMs[d] = elapsedMs;
                _calibration.FullStrokeEmfMvMs[d] = emf;
                _calibration.RunningMilliamps[d] = running;
                // The assessor's reference, never adapted: stiffness and weakness are judged against the actuator as it
                // was calibrated, with temperature taken out by physics (StrokeAssessor), so slow wear is not learned away.
                _calibration.ReferenceMilliamps[d] = running;
                _calibration.ReferenceMotorMillivolts[d] = runningMv;
                _calibration.ReferenceStrokeMs[d] = elapsedMs;
                if (direction == StrokeDirection.Extend)
                {
                    // Kept raw, so the end-stop check can work the scale out again with the run's reference resistance
                    // (ReferenceScaleMvMs) instead of the one blended while this stroke ran.
                    _calibration.ReferenceExtendMotorMvMs = (int)IntMath.Min(_attemptMotorMvMs, int.MaxValue);
                    _calibration.ReferenceExtendMilliampMs = (int)IntMath.Min(_attemptMilliampMs, int.MaxValue);
                }
            }
            else
            {
                // Slow adaptation (1/8 per stroke) follows temperature and wear without chasing one odd stroke.
                _calibration.StrokeMs[d] += (elapsedMs - _calibration.StrokeMs[d]) / 8;
                _calibration.FullStrokeEmfMvMs[d] += (emf - _calibration.FullStrokeEmfMvMs[d]) / 8;
                _calibration.RunningMilliamps[d] += (running - _calibration.RunningMilliamps[d]) / 8;
            }
        }

        /// <summary>
        /// Keeps when and how fast this full stroke ran (time from start to the target switch, the rest voltage and the
        /// duty cap), the time reference of <see cref="AtEndStop"/> for the next strokes in this direction.
        /// </summary>
        private void RememberFullStroke(int d, int elapsedMs)
        {
            _recentFullMs[d] = elapsedMs;
            _recentFullAtMs[d] = _lastSampleMs;
            _recentFullRestMv[d] = _record.RestBatteryMillivolts;
            _recentFullDutyCap[d] = _dutyCapPermille;
            _recentFullEmfMvMs[d] = (int)IntMath.Min(_emfMvMs, int.MaxValue);
        }

        /// <summary>
        /// True when a full stroke in direction <paramref name="d"/> was remembered (<see cref="RememberFullStroke"/>) within
        /// <see cref="ActuationTuning.TimeReferenceMaxAgeMs"/> at today's duty cap: a time reference for this stroke.
        /// </summary>
        private bool RecentFullStroke(int d)
        {
            return _recentFullMs[d] > 0 && _recentFullDutyCap[d] == _dutyCapPermille
                && _lastSampleMs - _recentFullAtMs[d] <= ActuationTuning.TimeReferenceMaxAgeMs;
        }

        /// <summary>
        /// A stroke that reached its switch in <paramref name="elapsedMs"/> as permille of the last full stroke the same way,
        /// or 0 when there is none in the last minutes at this duty cap (<see cref="StrokeRecord.TimedTravelPermille"/>). Both
        /// run the same way on the same pack, bolt and temperature, so their speeds repeat within a few percent. Not scaled by
        /// the rest voltages as the end-stop time rule is (<see cref="AtEndStop"/>): after a stall on a cold alkaline pack the
        /// rest reading keeps the polarised value (5247 -> 4707 mV at -27 C) while the pack recovers, and the scaled time read
        /// end stops with a dead switch as 871-926 where the raw times read 1019-1058 (docs/actuation.md, settling a silent end).
        /// </summary>
        private int TimedTravelPermille(int d, int elapsedMs)
        {
            if (!RecentFullStroke(d) || _recentFullMs[d] <= 0) return 0;
            return (int)IntMath.Min((long)elapsedMs * 1000 / _recentFullMs[d], 2000);
        }

        /// <summary>
        /// How far the way back after giving up went, as permille of the last full stroke in the same direction within
        /// <see cref="ActuationTuning.TimeReferenceMaxAgeMs"/> at the same duty cap (0 when there is none): the recovery move's
        /// time over that stroke's time, plus the last back-off's back-EMF integral over that stroke's integral. Both strokes
        /// run the same way minutes apart on the same pack, bolt and temperature, so their speeds repeat within a few percent
        /// (docs/actuation.md) and the calibration's scale, which a soak far from the calibration temperature puts off by 1-3 mm
        /// near the ends of the throw, does not enter. The back-off (60 % duty, braked) is short, so the back-EMF's error
        /// on it is small; the recovery move itself is timed because its back-EMF integral carries the I x R error of a
        /// heavy cold current (+-25 % measured) and time does not.
        /// </summary>
        private int ReturnPermille(StrokeDirection moving, int recoveryMs)
        {
            int d = (int)moving;
            if (!RecentFullStroke(d) || _recentFullEmfMvMs[d] <= 0)
            {
                // No time reference: only for a stroke that set out from between the switches (the positioning run after a
                // power loss, RAM and its strokes gone), the way back's own back-EMF integral on the calibrated scale. It tells
                // a bolt that stood at the extended stop behind a failed switch (it comes back the whole throw) from one held by
                // an obstacle 10 mm out (0.4 of it); the +-25 % of a heavy cold current does not blur that.
                int full = _calibration.FullStrokeEmfMvMs[d];
                if (!_startedBetween || !_calibration.Valid || full <= 0) return 0;
                return (int)IntMath.Min((_emfMvMs + _backoffEmfMvMs) * 1000 / full, 2000);
            }
            long permille = (long)recoveryMs * 1000 / _recentFullMs[d] + _backoffEmfMvMs * 1000 / _recentFullEmfMvMs[d];
            return (int)IntMath.Min(permille, 2000);
        }

        /// <summary>Motor voltage over current at a stall, milliohms (0 when no current): the rotor stands, so it is R at that angle.</summary>
        private static int StallResistance(int motorMv, int stallMilliamps)
        {
            return stallMilliamps > 0 ? IntMath.MulDiv(IntMath.Max(motorMv, 0), 1000, stallMilliamps) : 0;
        }

        /// <summary>
        /// Keeps a standstill resistance reading (milliohms, taken at <paramref name="dutyPermille"/>) for the end-stop check's
        /// pool, as the full-duty reading of the same winding (<see cref="FullDutyMilliohms"/>).
        /// </summary>
        private void AddReading(long nowMs, int milliohms, int dutyPermille)
        {
            milliohms = FullDutyMilliohms(milliohms, dutyPermille);
            if (milliohms < ActuationTuning.MinMotorMilliohms || milliohms > ActuationTuning.MaxMotorMilliohms) return;
            _poolMilliohms[_poolNext] = milliohms;
            _poolAtMs[_poolNext] = nowMs;
            _poolNext = (_poolNext + 1) % _poolMilliohms.Length;
        }

        /// <summary>
        /// The motor's average terminal voltage at <paramref name="dutyPermille"/>, mV: duty x (battery - I x the bridge's
        /// on-resistance), with the bridge's drop charged for the on-phase (<see cref="FullDutyMilliohms"/> says what that
        /// leaves out at part duty). One formula for the drive, the back-off, the press and a retry's standstill reading.
        /// </summary>
        private static int MotorMillivolts(int batteryMv, int mA, int dutyPermille)
        {
            return IntMath.MulDiv(batteryMv - IntMath.MulDiv(IntMath.Max(mA, 0), ActuationTuning.BridgeMilliohms, 1000), dutyPermille, 1000);
        }

        /// <summary>
        /// A standstill reading taken at <paramref name="dutyPermille"/> as the full-duty reading of the same winding at the same
        /// rotor angle, milliohms. The drive's motor voltage, duty x (battery - I x the bridge's on-resistance), charges the
        /// on-resistance for the on-phase only; but in the DRV8833's slow decay the off-phase current flows through the two
        /// low-side switches, so the on-resistance carries it all the time, while the ISEN shunt carries it only in the
        /// on-phase. A reading at duty d therefore reads (1 - d) x (on-resistance - shunt) more than a full-duty reading: 182 mOhm
        /// at the 30 % press, 156 mOhm at a retry's 40 %, about 1.1 % of a 16 ohm winding. The end-stop check mixes presses,
        /// retries and full-duty stalls in its pool and reads Ke's change from the pool against the calibration's presses
        /// (docs/actuation.md, the check's readings on one duty scale); on the full-duty scale they all read the same winding alike, and
        /// that scale (winding plus the shunt) is also what the attempt's full-duty voltage integral needs subtracted.
        /// </summary>
        private static int FullDutyMilliohms(int milliohms, int dutyPermille)
        {
            int d = IntMath.Clamp(dutyPermille, 0, 1000);
            return milliohms - IntMath.MulDiv(1000 - d, ActuationTuning.BridgeMilliohms - ActuationTuning.SenseMilliohms, 1000);
        }

        /// <summary>
        /// Mean of the standstill readings taken within <see cref="ActuationTuning.TimeReferenceMaxAgeMs"/> (0 when none): the
        /// winding at today's temperature seen at as many rotor angles as there are readings.
        /// </summary>
        private int PooledMilliohms(long nowMs)
        {
            long sum = 0;
            int n = 0;
            for (int i = 0; i < _poolMilliohms.Length; i++)
            {
                if (_poolMilliohms[i] <= 0 || nowMs - _poolAtMs[i] > ActuationTuning.TimeReferenceMaxAgeMs) continue;
                sum += _poolMilliohms[i];
                n++;
            }
            return n > 0 ? (int)(sum / n) : 0;
        }

        /// <summary>
        /// Where the first attempt of an extend from the retracted switch stalled, permille of the throw, worked out again
        /// from the attempt's motor voltage and current integrals with what the lock measured at standstill in the last minutes
        /// (0 when it cannot be). The running estimate uses the resistance blended across strokes, which after a soak far from
        /// the calibration temperature still lags the winding by up to half the change, and it ignores that the ferrite
        /// magnets' Ke rises 0.2 %/K in the cold: together 10-25 % too far on a cold first stroke, which put obstacles at
        /// 19-23 mm in the end zone (docs/actuation.md). Here:
        /// <list type="bullet">
        /// <item>R is the mean of the standstill readings of the last minutes (<see cref="PooledMilliohms"/>): the press before
        /// the stroke, the stall, and, at the retries, each retry's start and stall, each at another rotor angle;</item>
        /// <item>the back-EMF is divided by Ke's change, taken from R's change against the calibration reference with the
        /// winding as thermometer: ferrite -0.2 %/K against copper +0.393 %/K (IEC 60028), 0.509 of R's relative change
        /// the other way (<see cref="ActuationTuning.KePerResistancePermille"/>).</item>
        /// </list>
        /// Placed at the first attempt's stall and again at each retry's (the verdict is the last attempt's: AtEndStop).
        /// Only while at most one standstill reading has been blended since the MCU started (boot or deep-sleep wake): after two
        /// the blend carries a quarter of the stored value and the estimate decides as before (a -20 C unit's later locks read
        /// its end stop at 940-977 permille by the check and at 96 % or more by the estimate: limit-switch-stuck-open-cold.yaml).
        /// Extends only: the retract side's end-stop decisions were not measured this way.
        /// </summary>
        private int EndStopCheckPermille(long nowMs)
        {
            int full = _calibration.FullStrokeEmfMvMs[(int)StrokeDirection.Extend];
            // The calibration's presses, on the pool's full-duty scale (FullDutyMilliohms).
            int referenceMilliohms = _calibration.ReferenceMilliohms > 0 ? FullDutyMilliohms(_calibration.ReferenceMilliohms, ActuationTuning.MeasurePermille) : 0;
            int milliohms = PooledMilliohms(nowMs);
            if (full <= 0 || milliohms <= 0 || referenceMilliohms <= 0 || !_calibration.Valid) return 0;
            long emfMvMs = _checkMotorMvMs - _checkMilliampMs * milliohms / 1000;
            int kePermille = 1000 - IntMath.MulDiv(milliohms - referenceMilliohms, ActuationTuning.KePerResistancePermille, referenceMilliohms);
            kePermille = IntMath.Clamp(kePermille, 800, 1200);
            long permille = emfMvMs * 1000000 / (ReferenceScaleMvMs(full, referenceMilliohms) * kePermille);
            return (int)IntMath.Max(IntMath.Min(permille, 2000), 1);
        }

        /// <summary>
        /// The full extend's back-EMF integral the end-stop check divides by, mV*ms: the calibration run's extend worked out
        /// again from its motor voltage and current integrals with the calibration's reference resistance
        /// (<see cref="Calibration.ReferenceMilliohms"/>), the same resistance the check reads Ke's change against, so an error
        /// in it moves the placing through the scale and through Ke's correction in opposite directions and largely cancels: a
        /// reference read 5 % low makes the scale 2-5 % larger (the calibration stroke's I x R is 0.4-1.0 of its back-EMF, median
        /// 0.65: scratch sample of 3000 units, docs/actuation.md) and Ke's correction about 2.5 % smaller. The learned scale
        /// (<paramref name="learnedMvMs"/>) ran on the resistance blended while the calibration stroke ran, whose error nothing
        /// cancels: obstacles 2 mm short of the end read past the end stop (docs/actuation.md, the calibration run's own scale).
        /// The learned scale when the calibration has no integrals (stored by older firmware) or they give a scale outside half
        /// to twice it.
        /// </summary>
        private long ReferenceScaleMvMs(int learnedMvMs, int referenceMilliohms)
        {
            long scale = (long)_calibration.ReferenceExtendMotorMvMs - (long)_calibration.ReferenceExtendMilliampMs * referenceMilliohms / 1000;
            if (_calibration.ReferenceExtendMotorMvMs <= 0 || _calibration.ReferenceExtendMilliampMs <= 0) return learnedMvMs;
            if (scale < learnedMvMs / 2 || scale > (long)learnedMvMs * 2) return learnedMvMs;
            return scale;
        }

        /// <summary>
        /// A first extend's stall seen only by the standing-rotor witness, from the retracted switch, placed again like the
        /// end-stop check places a near-end stall (<see cref="EndStopCheckPermille"/>): the running estimate is what crept on
        /// while the rotor stood (V - I x R > 0 with R read at a low-resistance angle: 25.0 mm for obstacles at 16.6 and
        /// 17.6 mm on a crawling cold pack), and the stall's own reading, just pooled, sits at the standing angle. The placing
        /// becomes the record's stop (the jam's fault detail); the running estimate is kept for the passed-obstacle test,
        /// which compares like with like (<see cref="StrokeRecord.EstimateStopTenthsMm"/>). Nothing else is decided by it: a
        /// standing stall is never taken for the end stop without a lying switch (Watch). docs/actuation.md, the standing rotor.
        /// </summary>
        private void PlaceStandingStall(long nowMs)
        {
            if (_record.Attempts != 1 || _state == DriveState.Recovering || !_fullStroke || _checkPending) return;
            int estimateTenthsMm = PositionTenthsMm;
            if (PlaceFirstAttempt(nowMs) > 0) _record.EstimateStopTenthsMm = estimateTenthsMm;
        }

        /// <summary>
        /// Takes this attempt's motor voltage and current integrals as the first attempt's (the stall the end-stop check and the
        /// standing-rotor placing work on) and places its stall (<see cref="PlaceStallAgain"/>): the placing, permille, or 0.
        /// </summary>
        private int PlaceFirstAttempt(long nowMs)
        {
            _checkMotorMvMs = _attemptMotorMvMs;
            _checkMilliampMs = _attemptMilliampMs;
            return PlaceStallAgain(nowMs);
        }

        /// <summary>
        /// The first attempt's stall placed with the standstill readings of the last minutes (<see cref="EndStopCheckPermille"/>);
        /// when it can be placed, the position estimate moves there (the stop the record and the retries start from). Returns
        /// the placing, permille, or 0 when none.
        /// </summary>
        private int PlaceStallAgain(long nowMs)
        {
            int permille = EndStopCheckPermille(nowMs);
            if (permille > 0) _positionMilliTenths = (long)IntMath.Min(permille, 1000) * BoardConfig.BoltThrowTenthsMm;
            return permille;
        }

        /// <summary>
        /// True when a stall is the end stop (the target switch silent), false when it is an obstacle. The back-EMF
        /// position estimate decides (<paramref name="endZonePermille"/> of the throw) unless better witnesses exist:
        /// <list type="bullet">
        /// <item>An extend stall short of <see cref="ActuationTuning.PassedObstacleTenthsMm"/> beyond a standing jam that an
        /// unlock's time placed short of the end (<see cref="StandingJamTenthsMm"/>): that obstacle again.</item>
        /// <item>On the first extend after start-up with no time reference, once the estimate reads 85 % or more: the stall placed
        /// again (<see cref="EndStopCheckPermille"/>). The first attempt is then always taken for an obstacle (back off, retry),
        /// each retry places it again with the readings it added, and the last attempt's placing decides
        /// (<see cref="ActuationTuning.EndStopCheckZonePermille"/>): an end stop is met again by every retry, so it costs two
        /// more presses into it and about a second.</item>
        /// <item>On a retry, the stall where the attempt before stopped (within <see cref="StallClassifier.RepeatabilityTenthsMm"/>,
        /// or short of it) is the obstacle already met: the end stop does not come nearer between attempts, while every
        /// back-off and restart adds to the estimate's error (a rotor stalled at another angle than R was measured at
        /// makes it creep), so a retry's estimate can cross into the end zone while the bolt stops where it stopped.</item>
        /// <item>On a first attempt from the origin end, with a full stroke in this direction in the last
        /// <see cref="ActuationTuning.TimeReferenceMaxAgeMs"/> at the same duty cap: time. The switch closes 0.8 mm
        /// before the end stop, so the end stop is met after the time the switch took last time, and a bolt's speed under
        /// the same pack, temperature and load repeats from one stroke to the next within a few percent, which the
        /// back-EMF estimate near the end of a cold or hot stroke does not (docs/actuation.md). Not the other direction's
        /// time: the ratio between the two, measured at calibration, moves by several percent with temperature. Within the widened zone (<see cref="LyingSwitchEndZonePermille"/> and up) the stall is
        /// the end stop when it began at or after <see cref="ActuationTuning.EndStopTimePermille"/> of that time (scaled
        /// by the rest voltages: free speed is proportional to voltage), an obstacle when before.</item>
        /// </list>
        /// </summary>
        /// <summary>
        /// True when a stroke that set out from between the switches stalled on its first attempt having moved the bolt less
        /// than <see cref="ActuationTuning.StandingStartTenthsMm"/>, with no obstacle known (<see cref="NoKnownObstacle"/>):
        /// the bolt already rests against the end stop it drives towards, behind a switch that says nothing (at full duty on
        /// a pack reading at least <see cref="ActuationTuning.BreakawayPackMillivolts"/> at rest). A locked bolt
        /// whose extended switch failed, after a power cut: the positioning run towards locked stalled at once, was named
        /// `jam`, and its way back unlocked the closed door (blind acceptance tests, 2026-11-28).
        /// </summary>
        private bool StandingStartAtEnd(StrokeDirection moving)
        {
            // Extends only with a switch already known to lie (bolt_sensor_fault standing): otherwise an extend held at once may
            // be an obstacle right in front of a bolt a power cut left mid-throw during its retries (blind acceptance file:
            // 10 mm out, reported locked); it gives up, comes back, and the length of the way back tells (ReturnPermille,
            // LockController.StallAtSilentEnd, which relocks once).
            if (moving != StrokeDirection.Retract && !LimitSwitchSuspect) return false;
            if (!_startedBetween || !NoKnownObstacle || _record.Attempts != 1 || _state == DriveState.Recovering || CurrentSensorSuspect) return false;
            // Only a bolt that full force on a pack out of its knee could not move: one a capped duty or a sagging pack could
            // not move (the owner's unlock after a brown-out, at the guard's lowest duty) is the pack's failure, mid-throw.
            if (_dutyPermille < ActuationTuning.RunPermille || _record.RestBatteryMillivolts < ActuationTuning.BreakawayPackMillivolts) return false;
            int advance = moving == StrokeDirection.Extend ? PositionTenthsMm : BoardConfig.BoltThrowTenthsMm - PositionTenthsMm;
            return advance < ActuationTuning.StandingStartTenthsMm;
        }

        private bool AtEndStop(long nowMs, StrokeDirection moving, int positionPermille, int endZonePermille, int stallOnsetMs)
        {
            // The obstacle a standing jam names, met again: an estimate that put it at the end once will do so again.
            if (moving == StrokeDirection.Extend && StandingJamTenthsMm > 0 && _state != DriveState.Recovering
                && PositionTenthsMm - StandingJamTenthsMm < ActuationTuning.PassedObstacleTenthsMm)
            {
                return false;
            }
            if (_checkPending && _state != DriveState.Recovering && _record.Attempts >= 2)
            {
                // The first attempt's stall placed again with the readings this retry added; the last attempt's placing decides.
                int again = PlaceStallAgain(nowMs);
                if (again > 0)
                {
                    _record.EndStopCheckPermille = again;
                    if (_record.Attempts >= ActuationTuning.MaxAttempts) return again >= ActuationTuning.EndStopCheckZonePermille;
                    return false;
                }
            }
            if (_state != DriveState.Recovering && _record.Attempts >= 2 && _record.Attempts <= _attemptStopTenthsMm.Length)
            {
                int previous = _attemptStopTenthsMm[_record.Attempts - 2];
                int beyond = moving == StrokeDirection.Extend ? PositionTenthsMm - previous : previous - PositionTenthsMm;
                if (beyond <= StallClassifier.RepeatabilityTenthsMm) return false;
            }
            int d = (int)moving;
            bool timed = _state != DriveState.Recovering && _fullStroke && RecentFullStroke(d);
            if (!timed && positionPermille >= LyingSwitchEndZonePermille && endZonePermille == ActuationTuning.EndZonePermille)
            {
                // No time reference, and a switch not known to lie: the stall placed again with what the lock measured at
                // standstill (EndStopCheckPermille). The placing becomes where the lock believes the bolt stopped: the stop the
                // record, the jam's fault detail and a later stroke's passed-obstacle test (LockController) are read from.
                // Two readings (the press and this stall) leave the resistance 5 % off, so the verdict waits for the retries'
                // readings (back off and retry as from an obstacle; the end stop does not move, and a retry meets it again).
                if (moving == StrokeDirection.Extend && _record.Attempts == 1 && _fullStroke && _state != DriveState.Recovering && _readingsSinceStart <= 1)
                {
                    _record.EstimateStopTenthsMm = PositionTenthsMm;
                    int checkPermille = PlaceFirstAttempt(nowMs);
                    if (checkPermille > 0)
                    {
                        _checkPending = true;
                        _record.EndStopCheckPermille = checkPermille;
                        return false;
                    }
                }
            }
            if (!timed || positionPermille < LyingSwitchEndZonePermille) return positionPermille >= endZonePermille;
            int expectedMs = _recentFullMs[d];
            int thenMv = _recentFullRestMv[d];
            int nowMv = _record.RestBatteryMillivolts;
            if (IsPlausibleBattery(thenMv) && IsPlausibleBattery(nowMv)) expectedMs = IntMath.MulDiv(expectedMs, thenMv, nowMv);
            return stallOnsetMs >= IntMath.MulDiv(expectedMs, ActuationTuning.EndStopTimePermille, 1000);
        }

        private void Finish(long nowMs)
        {
            _board.Motor.SetBridge(BridgeMode.Coast, 0);
            if (_record.End == StrokeEnd.None) _record.End = _pendingEnd;
            if (_record.End == StrokeEnd.None) _record.End = StrokeEnd.Completed;
            _record.DurationMs = (int)(nowMs - _record.StartMs);
            _record.MeanMilliamps = _record.CurrentSamples > 0 ? (int)(_record.CurrentSum / _record.CurrentSamples) : 0;
            _record.EnergyMillijoules = (int)(_record.EnergyAccumulator / 1000);
            _record.StallEnergyMillijoules = (int)(_record.StallEnergyAccumulator / 1000);
            _recoveryBrake = false;
            _calibrating = false;
            StopAtTenthsMm = 0;
            _probePermille = 0;
            if (_state != DriveState.Idle) Enter(nowMs, DriveState.Idle, TraceCause.StrokeFinished);
            _nextSampleMs = long.MaxValue;
            IStrokeListener l = _listener;
            if (l != null) l.OnStrokeFinished(nowMs, _record);
        }

        private void Enter(long nowMs, DriveState next, TraceCause cause)
        {
            if (next == _state) return;
            _trace.Record(nowMs, TraceMachine.BoltDrive, (int)_state, (int)next, cause);
            _state = next;
            _stateEnteredMs = nowMs;
        }
    }
}
