namespace LockFirmware.Actuation
{
    /// <summary>
    /// Tunable constants of the bolt drive, each with where it comes from. docs/actuation.md explains them.
    /// </summary>
    public static class ActuationTuning
    {
        /// <summary>
        /// Sampling period while the motor runs: 200 Hz. Each sample costs two ADC conversions (~10 us each,
        /// ESP32 one-shot) and about 150 interpreted IL operations; at the few hundred operations per
        /// millisecond the nanoFramework interpreter sustains on an ESP32, that is well under 1 ms of a 5 ms period.
        /// </summary>
        public const int SamplePeriodMs = 5;

        /// <summary>Initial PWM duty of the soft start (permille): 40 % limits inrush to ~40 % of stall current.</summary>
        public const int SoftStartInitialPermille = 400;
        /// <summary>Running duty (permille).</summary>
        public const int RunPermille = 1000;
        /// <summary>Soft-start ramp length: 40 ms, about two mechanical time constants of a micro gearmotor.</summary>
        public const int SoftStartMs = 40;
        /// <summary>
        /// Inrush blind time: start-up current equals stall current until back-EMF builds, so stall checks wait
        /// this long after start (the "blind time" of automotive anti-pinch controllers).
        /// </summary>
        public const int BlindTimeMs = 60;
        /// <summary>
        /// Longest blind time: if the averaged current has not yet dropped below the stall threshold (a heavy bolt
        /// breaking away late in the cold), stall detection arms anyway after this long, so a bolt that cannot move
        /// at all is cut within a bounded time.
        /// </summary>
        public const int MaxBlindTimeMs = 150;
        /// <summary>
        /// A rotor that has not turned since the standstill resistance measurement is at the angle it was measured
        /// at, so its stall current is the prediction within noise: at the end of the longest blind time, a mean at
        /// or above 90 % of the prediction is a stall from the start.
        /// </summary>
        public const int StartStallPermille = 900;
        /// <summary>
        /// Window over which the averaged current must fall to count as acceleration at the end of the blind time:
        /// 50 ms, about two mechanical time constants of the reference motor.
        /// </summary>
        public const int AccelerationWindowMs = 50;
        /// <summary>Fall (permille of the current) per window that counts as accelerating: 2 %, above the averaged noise.</summary>
        public const int AccelerationDropPermille = 20;
        /// <summary>
        /// Longest a still-accelerating start may keep stall detection disarmed: 400 ms. A tired motor (three
        /// times the winding resistance, so three times the mechanical time constant) with a heavy bolt needs that.
        /// </summary>
        public const int MaxAccelerationMs = 400;
        /// <summary>
        /// A bolt whose position estimate advanced this far (tenths of mm) by the end of the longest blind time has
        /// moved and is not stalled from the start, however high its current: 1 mm in 150 ms. A rotor stalled at
        /// another angle than R was measured at makes the estimate creep by up to about 0.7 mm in that time.
        /// </summary>
        public const int StartMovedTenthsMm = 10;
        /// <summary>
        /// Samples averaged by the stall detector (20 ms at 200 Hz): smooths the commutation ripple (+-12 % of the
        /// current) and ADC noise; costs about half the window in detection latency.
        /// </summary>
        public const int StallAveragingSamples = 4;
        /// <summary>
        /// Samples whose mean becomes the running-current reference when the stall detector arms (80 ms at 200 Hz, the
        /// reference's own time constant, <see cref="RunningReferenceDivisor"/>). The commutation ripple, aliased by the
        /// 200 Hz sampling, swings the 20 ms mean by up to +-12 % over tens of ms, and arming is triggered by the mean
        /// falling under the threshold, i.e. at a dip: a reference taken from the 20 ms mean alone can sit 12 % low, and
        /// the next ripple peak is then a 115 % "rise". Measured: a -27 C alkaline unit at friction x1.54 running steadily
        /// at 80-95 % of the predicted stall current armed on a 240 mA dip of a 256 mA mean (ActuationBench --normal 10000
        /// --seed 1, unit 280; docs/actuation.md).
        /// </summary>
        public const int ReferenceWindowSamples = 16;
        /// <summary>
        /// A stall must lift the averaged current this far (permille) above the attempt's own running current. The
        /// heaviest strokes in the -30..+60 C range run at about 70 % of the true stall current, and a rotor stalled
        /// at its highest-resistance angle still draws 89 % of it, a rise of 26 %; the aliased commutation ripple
        /// of a running motor moves the averaged current by up to about 12 %. 115 % sits between the two.
        /// </summary>
        public const int StallRisePermille = 1150;
        /// <summary>
        /// The running-current reference follows the averaged current by 1/16 per sample (80 ms time constant at
        /// 200 Hz): slow enough that the rise into an obstacle (50-500 N/mm: tens of ms) stays above it.
        /// </summary>
        public const int RunningReferenceDivisor = 16;
        /// <summary>
        /// Standstill resistance measurements are averaged across strokes with weight 1/2 (rotor angle differs from
        /// stroke to stroke, so the commutation error averages down).
        /// </summary>
        public const int ResistanceBlendDivisor = 2;
        /// <summary>
        /// A measurement further than this (permille) from the running estimate is taken as is: the commutation
        /// ripple explains at most +-12 % about the mean, i.e. 0.88/1.12 to 1.12/0.88 of another measurement.
        /// </summary>
        public const int ResistanceJumpPermille = 280;
        /// <summary>
        /// Regular samples (with their in-between samples, <see cref="StandingOffsetsMs"/>) over which a heavy motor's current
        /// must stay flat to count as a standing rotor: 8, 40 ms. A turning rotor's current carries the commutation ripple
        /// (6 pulses per motor turn, +-9..12 % of the current: docs/plant.md); a bolt crawling at 7 mm/s makes about 200 pulses
        /// a second, which the 200 Hz sampling aliases to near DC, but the in-between samples 1-3 ms later land 0.2-0.6 of a
        /// pulse away. In 40 ms a rotor turning at 30 pulses a second (1 mm/s) passes more than a pulse; a standing one reads
        /// ADC noise (about 1 % at 200-250 mA, traced: ActuationBench --jams 3000 --seed 1, unit 810222082; docs/actuation.md).
        /// </summary>
        public const int StandingWindowSamples = 8;
        /// <summary>
        /// Offsets cycled through by the in-between sample after each regular one while the motor runs heavily (ms): 1, 2, 3.
        /// With the regular sample they place four phases 0.2 pulse apart at 200 pulses a second, so no rotor speed below
        /// 1000 pulses a second (the free speed, where the current is far below stall) aliases them all to one phase.
        /// </summary>
        public const int StandingOffsetsMs = 3;
        /// <summary>
        /// Largest spread (max - min, permille of the mean) of the regular and in-between samples over
        /// <see cref="StandingWindowSamples"/> that counts as a standing rotor: 4 %. Standing: ADC noise and the pack's slow
        /// sag, 1 % or less (traced); turning: the commutation ripple, 15-20 % peak to peak over the window.
        /// </summary>
        public const int StandingSpreadPermille = 40;
        /// <summary>
        /// A first attempt past its time limit runs on while its in-between samples have heard the commutation ripple on every
        /// sample for at least <see cref="ProgressWindowMs"/>, and for this long after the last sample that heard it: 55 ms, the
        /// standing-rotor witness's <see cref="StandingWindowSamples"/> flat samples (40 ms) and the stall's
        /// <see cref="StallConfirmSamples"/> (15 ms). A rotor that stands stops hearing the ripple and is stopped by the witness,
        /// or by the time limit once this has passed: it never runs on longer than this past its limit. Measured: the witness
        /// confirmed the stall 15-25 ms after the last turning sample (jam-crawl-cold-nearly-empty-pack.yaml seeds 2, 8 and 9; at
        /// the other seeds of 1-10 and 42 the rise rule saw the stall while the ripple was still heard; docs/actuation.md).
        /// </summary>
        public const int TurningGraceMs = (StandingWindowSamples + StallConfirmSamples) * SamplePeriodMs;
        /// <summary>Consecutive stall-level samples needed to call a stall (15 ms at 200 Hz): rejects single-sample noise.</summary>
        public const int StallConfirmSamples = 3;
        /// <summary>
        /// Stall threshold as a fraction (permille) of the predicted stall current V/R, with R measured at
        /// standstill before each stroke and averaged across strokes. A gearmotor's current rises linearly with load
        /// torque from no-load to stall. The commutation ripple moves the winding resistance +-12 % with rotor angle,
        /// so a rotor stalled at its highest-resistance angle, predicted from a measurement at the lowest, draws
        /// 0.88/1.12 = 79 % of the prediction: 75 % catches it. Running strokes are kept out by the rise test
        /// (<see cref="StallRisePermille"/>), not by this threshold.
        /// </summary>
        public const int StallThresholdPermille = 750;
        /// <summary>Below this the bridge is driving into an open circuit (the INA181 bias reads ~0 mA; a running motor draws tens of mA).</summary>
        public const int OpenCircuitMilliamps = 8;
        /// <summary>Time at open-circuit current (after the blind time) before the stroke is abandoned.</summary>
        public const int OpenCircuitConfirmMs = 40;
        /// <summary>A reading this many times the predicted stall current cannot be a motor: a short.</summary>
        public const int ShortFactor = 3;
        /// <summary>Dynamic braking after a stop: 30 ms stops the rotor (a few mechanical time constants) before coasting.</summary>
        public const int BrakeMs = 30;
        /// <summary>Back-off after a stall: reverse this long so the bolt is not left pressed into the obstacle.</summary>
        public const int BackoffMs = 100;
        /// <summary>Back-off duty (permille).</summary>
        public const int BackoffPermille = 600;
        /// <summary>Pause between attempts (lets the motor cool and a person clear a finger or draught).</summary>
        public const int RetryPauseMs = 400;
        /// <summary>Attempts before giving up (Latch retries 3 times; shared lock-domain notes).</summary>
        public const int MaxAttempts = 3;
        /// <summary>
        /// Stroke limit before calibration: the fixed 3 s motor timeout common in open-source lock firmware.
        /// After calibration the limit is twice the learned stroke time plus <see cref="TimeoutMarginMs"/>.
        /// </summary>
        public const int UncalibratedTimeoutMs = 3000;
        /// <summary>Window over which a stroke past its time limit must show progress to continue: 500 ms.</summary>
        public const int ProgressWindowMs = 500;
        /// <summary>Least advance of the position estimate per window that counts as progress: 1 mm (2 mm/s, a twentieth of the free speed).</summary>
        public const int ProgressMinTenthsMm = 10;
        /// <summary>Absolute stroke limit even while progressing: 8 s, a bolt crawling at 3 mm/s through -30 C grease.</summary>
        public const int MaxStrokeMs = 8000;
        /// <summary>
        /// Absolute limit of an unlock's attempt even while progressing, ms: 10 s, 25 mm at 2.5 mm/s. The owner's way in gets
        /// longer than a lock: an unlock that broke a seated bolt away at -30 C on a 60 % alkaline pack (friction x1.6) crawls
        /// home at 2.5-3 mm/s, and at 8 s seven of 200 StrandBench units stopped 0.9-2.4 mm short of home; at 10 s all but one
        /// (a stall at 1.7 mm) arrived (docs/power.md, seating a crawling lock). Still bounded, and a stall ends it at once.
        /// </summary>
        public const int MaxUnlockStrokeMs = 10000;
        /// <summary>Margin added to twice the learned stroke time.</summary>
        public const int TimeoutMarginMs = 300;
        /// <summary>A stall beyond this fraction (permille) of the stroke is the end stop, not a jam: 96 %, because the back-EMF position estimate is good to a few percent and an obstacle 2 mm short of the end is still an obstacle.</summary>
        public const int EndZonePermille = 960;
        /// <summary>
        /// With no time reference, a first extend's stall placed again (BoltDrive.EndStopCheckPermille, with the standstill
        /// readings of all three attempts, on the calibration run's scale worked out with its reference resistance:
        /// BoltDrive.ReferenceScaleMvMs) at or beyond this fraction (permille) of the throw is the end stop: 99.2 %, 24.8 mm.
        /// Scratch samples on other seeds than ActuationBench's (docs/actuation.md, the calibration's own scale; 3,240 obstacles
        /// at 21.5-23 mm and 3,860 first locks with the extended switch stuck open, all placed by the check): on that scale at
        /// 992, 9 obstacles taken for the end stop and 463 end stops for obstacles, where the learned scale at 98.8 % (the
        /// value before) took 13 and 718. At 988 on the new scale 9 and 367; 992 also names the one bench obstacle (990) that
        /// 988 left, and every ActuationBench stuck-open figure stays at or better than before. The issue asks for every jam;
        /// the stuck switch is found by the next lock's time reference once there is one.
        /// </summary>
        public const int EndStopCheckZonePermille = 992;
        /// <summary>
        /// Standstill resistance readings the end-stop check averages (BoltDrive.PooledMilliohms): the press before each stroke,
        /// the rotor standing at each stall and at the start of each retry, taken within <see cref="TimeReferenceMaxAgeMs"/>.
        /// Each reading sees the rotor at one angle, and the commutation ripple moves the resistance +-12 % with angle
        /// (docs/plant.md); a first lock's two readings (press and stall) leave the mean 5 % off (sd), which a heavy stroke
        /// multiplies into the position. Sixteen cover a first lock's three attempts with the pause readings
        /// (<see cref="PauseReadings"/>: 1 press + 3 stalls + 2 retries + 6 pause readings) and the strokes of the minutes before.
        /// </summary>
        public const int ResistancePoolSize = 16;
        /// <summary>
        /// Ke's relative change per relative change of the winding resistance, permille, the other way: ferrite magnets lose
        /// about 0.2 %/K of flux (Br), copper gains 0.393 %/K (IEC 60028), so 0.2 / 0.393 = 0.509.
        /// </summary>
        public const int KePerResistancePermille = 509;
        /// <summary>
        /// A stall in the end zone that starts before this fraction (permille) of the time the target switch took to close
        /// on the last full stroke is an obstacle short of the end: the end stop lies 0.8 mm beyond the switch, so it is
        /// met at about 100-105 % of that time, and consecutive strokes repeat their time within a few percent. 97 % sits
        /// below the end stop with that margin and above an obstacle 1.5 mm short of the switch (about 94 %, plus the
        /// 15-30 ms the stall takes to confirm).
        /// </summary>
        public const int EndStopTimePermille = 970;
        /// <summary>
        /// Oldest full stroke whose time still says how fast the bolt runs now: 10 minutes. Speed follows grease viscosity
        /// and winding temperature by 1-2 %/K in the cold; a door lock's temperature moves by well under 1 K in that time
        /// (outdoor swings of 10 K take hours, and the door leaf's mass smooths them), so the time stays within the few
        /// percent <see cref="EndStopTimePermille"/> allows. A typical use (unlock, pass, lock) falls inside it.
        /// </summary>
        public const int TimeReferenceMaxAgeMs = 600000;
        /// <summary>
        /// After an extend gave up, a way back (<see cref="StrokeRecord.ReturnPermille"/>) of at least this share of a full
        /// stroke means the stall was the end stop: 950 is 23.75 mm of the 25 mm throw, past the 23 mm the bench's jams reach
        /// and short of the 24.2 mm where the switch closes. Measured (docs/actuation.md): stalls at the end stop with the
        /// extended switch stuck open 949-1071 (p1 955), obstacles at 17-23.5 mm at most 944.
        /// </summary>
        public const int EndStopReturnPermille = 950;
        /// <summary>
        /// An extend ended on the end-stop current with the extended switch silent, and the unlock after it reached the
        /// retracted switch in less than this share of the last full retract's time (<see cref="StrokeRecord.TimedTravelPermille"/>):
        /// the bolt had stopped short of the end, on an obstacle, and the silent switch was right. Reading an end stop as an
        /// obstacle would turn the next lock back, so the margin is on that side: unlocks from the end stop with the extended
        /// switch stuck open read 972 at the least (p1 985, median 1010; 22,463 unlocks at -30..+60 C, all chemistries), and
        /// 930 is 4 % under that; bolts stopped at 21.5 mm or less read 650-939, at 22 mm 882-1020 (docs/actuation.md,
        /// settling a silent end).
        /// </summary>
        public const int ObstacleReturnPermille = 930;
        /// <summary>
        /// How far beyond a standing jam's stop an extend must stop to have passed the obstacle, tenths of mm: 5 mm, a fifth of
        /// the throw. Two strokes' back-EMF estimates of the same stop near the end of the throw differ by up to ~10 % of it
        /// (each with its own blended resistance; ActuationBench --stops), so a closer stop may be the same stall: an extend
        /// stall nearer is that obstacle again (BoltDrive.StandingJamTenthsMm), and an end-stop current nearer does not clear
        /// the jam (LockController).
        /// </summary>
        public const int PassedObstacleTenthsMm = 50;
        /// <summary>
        /// A target limit switch that closes before this fraction (permille) of the learned stroke time cannot
        /// be telling the truth: even a fresh lithium pack at +60 C does not speed the bolt up by half.
        /// </summary>
        public const int EarliestLimitPermille = 500;
        /// <summary>Samples the target limit switch must read closed before the stop (10 ms debounce at 200 Hz).</summary>
        public const int LimitConfirmSamples = 2;
        /// <summary>
        /// Least distance from the switch it set out from, tenths of mm, at which a stalled bolt that is found back on that
        /// switch at the end of the retry pause was carried there by a hand: 4 mm. The back-off (100 ms at 60 %) withdraws a
        /// stalled bolt about 2 mm and the bridge then brakes and coasts; nothing in the lock moves a bolt with the motor off, an
        /// elastic obstacle gives back tenths of a millimetre, and the estimate is good to about 1-2 mm after a stall
        /// (docs/actuation.md). The origin switch closes within its ~1.1 mm of travel of the end.
        /// </summary>
        public const int PushedBackTenthsMm = 40;
        /// <summary>
        /// Back-EMF against the drive, permille of the applied motor voltage, at which the rotor is turning backwards: 500. Driven
        /// forward, a motor's back-EMF lies between 0 (stalled) and the applied voltage (free running). At a stall the estimate
        /// (V - I x R with the calibration's R) reads the winding's temperature error: copper at -30 C is 22 % below a 20 C
        /// calibration, which reads -28 % (IEC 60028: 0.393 %/K), and the commutation ripple adds up to 12 %; at -25 % cold
        /// stalls read as reversed (DiagnosisBench --runs 200 --seed 1: a weak motor named one stroke late). Below -50 % for
        /// <see cref="LimitConfirmSamples"/> samples something outside turns the rotor the other way: a hand on the thumbturn,
        /// which moves the bolt at 40-60 mm/s, near the motor's own free speed (StrokeRecord.Reversed).
        /// </summary>
        public const int ReverseEmfPermille = 500;
        /// <summary>
        /// Back-EMF (permille of the motor's terminal voltage, averaged over the running extend: <see cref="SeatEmfShift"/>)
        /// under which a lock reaching its extended switch is crawling: its current is within a few tenths of what the standing
        /// rotor would draw, so the unlock's full duty has little force to spare over the bolt's breakaway (1.3 times its
        /// sliding friction). Such a lock is driven on into the end stop (<see cref="SeatMs"/>). StrandBench, 200 units of every
        /// cell of -30/-25/-20 C x friction 1.2/1.4/1.6 x 25/31/40/60/80/100 % (10,800 locks per chemistry), owners left out
        /// after a completed lock, alkaline / NiMH: 14 / 8 unseated; 1 / 3 at 100; 0 / 0 at 150, 200, 300 and 400, which seat
        /// 509 / 440, 1272 / 1331, 4178 / 5101 and 7045 / 9264 of the locks. 300 is twice the least that works
        /// (docs/power.md, seating a crawling lock).
        /// </summary>
        public const int SeatEmfPermille = 300;
        /// <summary>
        /// Weight of each running sample in the back-EMF average <see cref="SeatEmfPermille"/> reads, as a right shift: 1/8,
        /// about 40 ms at 200 Hz, so one sample's ADC noise or a commutation spike does not decide it.
        /// </summary>
        public const int SeatEmfShift = 3;
        /// <summary>
        /// How long a crawling lock drives on past its extended switch, ms. The switch operates 0.1-0.8 mm before the end stop
        /// (docs/actuation.md): 160-400 ms at the 2-5 mm/s of a crawl, and the stop's compliance (the die-cast stop and the
        /// gear train, about 200 N/mm) is left pressed, held by the bolt's own static friction, so the unlock's reverse drive
        /// starts with the stop's push added to the motor's: the running start a bolt stopped at the switch lacks. StrandBench
        /// (as <see cref="SeatEmfPermille"/>), owners left out after a completed lock, alkaline / NiMH: 9 / 1 at 200 ms, 1 / 1 at
        /// 300, 0 / 0 at 400. Bounded: the bolt stands against its stop for at most this long at a crawl's current.
        /// </summary>
        public const int SeatMs = 400;
        /// <summary>
        /// Nominal winding resistance of the reference motor: 6 V / 0.36 A stall (Pololu 150:1 Micro Metal
        /// Gearmotor LP 6V), used until a stroke measures it.
        /// </summary>
        public const int NominalMotorMilliohms = 16700;
        /// <summary>
        /// Duty of the pre-stroke resistance measurement: pressing into the end stop the bolt rests on, the rotor
        /// cannot turn, so there is no back-EMF and R = V / I exactly (a standstill resistance measurement).
        /// 30 % draws about a third of stall current for 30 ms: a few millijoules.
        /// </summary>
        public const int MeasurePermille = 300;
        /// <summary>
        /// Length of the resistance measurement: 30 ms (six samples). The electrical time constant L/R is tens of
        /// microseconds, but the bolt may rest a fraction of a millimetre off its stop and must first close that gap.
        /// </summary>
        public const int MeasureMs = 30;
        /// <summary>
        /// Length of the pack test's press (<see cref="BoltDrive.PackProbePermille"/>): 300 ms, the readings of its second half
        /// averaged. The battery divider's tap has 100 nF on 667 k (BoardConfig.BatteryDividerRatio): a 67 ms time constant,
        /// so the readings 150-300 ms into the press show 89-99 % of the drop (about 96 % on average; the simulator's divider
        /// has no RC). At its duty (BatteryEstimator.ProbeMaxPermille, 70 %, or lower) the press draws up to ~150 mA from the
        /// pack through the 16.7 ohm motor: a drop of ~150 mV on a warm pack (some sixty battery ADC counts at 2.4 mV each
        /// after the 3:1 divider) and several hundred on a cold one; thirty readings divide the ADC noise by five. About
        /// 0.2 J, a small part of a stroke.
        /// </summary>
        public const int ProbePressMs = 300;
        /// <summary>
        /// A lock's first attempt is taken back once the pack has read below the rail's floor
        /// (BatteryEstimator.MinLoadMillivolts, the MCP1703A's dropout plus margin) on this many consecutive samples: 10 at
        /// 200 Hz, 50 ms, so one ADC sample's noise (a few mV) or a commutation spike does not do it; the divider tap's 67 ms
        /// filter already averages the PWM.
        /// </summary>
        public const int SagConfirmSamples = 10;
        /// <summary>
        /// Duty (permille) a lock's first attempt from the retracted stop holds its soft start at, on a sagging pack
        /// (<see cref="BreakawayPackMillivolts"/>), until the bolt is seen to have broken away. Greased steel on zinc breaks
        /// away at about 1.3 times its sliding friction (BoltMechanism.StaticRatio in the simulator; the usual figure for a
        /// greased sliding pair), and the bolt must break away again for the unlock from wherever it comes to rest, on a pack
        /// that is no better: a bolt that moves at 75 % duty leaves the full-duty unlock a third more force than its
        /// breakaway took. The rest covers the friction's variation along the throw and the commutation angle's +-12 %.
        /// Without it, -20/-25/-30 C x friction 1.2/1.4/1.6 x alkaline 25/31/40 % x 20 units (lock, unlock 11.5 s later): 27 of
        /// 540 left the bolt where the unlock could not move it, all of them bolts that broke away only at 70 % duty or more
        /// (docs/power.md, the breakaway check).
        /// </summary>
        public const int BreakawayCheckPermille = 750;
        /// <summary>
        /// Time at the check's duty before its window opens, ms: the rotor of a bolt that broke away on the ramp needs a few
        /// mechanical time constants' worth (tens of ms for the micro gearmotor) to show its back-EMF.
        /// </summary>
        public const int BreakawaySettleMs = 10;
        /// <summary>Length of the check's window, ms: four samples, averaging the ADC noise on the current by two.</summary>
        public const int BreakawayWindowMs = 20;
        /// <summary>
        /// Current deficit (permille of the standing rotor's current V / R, R the lowest V / I of the ramp before the hold, at
        /// this same rotor angle) that says the rotor turns: back-EMF. A rotor standing through the ramp and the hold reads
        /// within +-1 % of one resistance (-30 C, friction x1.4, 31 %); one creeping at 1-3 mm/s reads 12-30 % high.
        /// </summary>
        public const int BreakawayDeficitPermille = 60;
        /// <summary>
        /// Current deficit (permille, as <see cref="BreakawayDeficitPermille"/>) on the ramp's own sample at the check's duty
        /// that lets the ramp go on without the hold: the rotor broke away lower down and is turning already. 2.5 times a
        /// standing rotor's +-1 % on one sample. The holds change the stroke a cold pack sees late in its life, and with it
        /// where the gauge's own end of service falls (ColdEstimateTests unit 1, -20 C from 42 %: end of service 3829 operations
        /// without the check; at 25 permille 3827, p90 error 6 %; at 30, 3855 and 23 %; at 40, 3867 and 18 %, max 44 %). The
        /// price: StrandBench --units 200 leaves 10 of 5400 owners out at 25 against 6 at 30 and 5 at 40 (216 without the
        /// check; docs/power.md, the breakaway check).
        /// </summary>
        public const int BreakawayTurningPermille = 25;
        /// <summary>
        /// Pack reading under the soft start below which the breakaway check runs, mV: 1.15 V per cell of 4 in series, into
        /// the knee of a cold or used alkaline pack (a -25 C unit at 40 % read 4404 mV at the check's duty, broke away only at
        /// 92 % and its unlock then could not move the bolt). Above it the pack carries the stroke without the deep polarisation
        /// that leaves the next stroke weaker than this one, and a bolt that is slow to break away is the actuator's story
        /// (stiff_actuator), not a reason to refuse the lock (stiff-actuator-in-hardware-cold.yaml reads 4.9-5.0 V).
        /// </summary>
        public const int BreakawayPackMillivolts = 4600;
        /// <summary>
        /// Winding resistance, permille of the calibration's standstill reference, at or above which the breakaway check does
        /// not run (BoltDrive.WindingReadsHot): copper's +0.393 %/K puts 1080 some 20 K above the calibration's temperature
        /// (40 C for the installer's 20 C). The check is for cold packs and grease; the strand grid it was measured on runs
        /// at -20 to -30 C, where the winding reads 0.80-0.84 of a 20 C reference.
        /// </summary>
        public const int BreakawayHotWindingPermille = 1080;
        /// <summary>
        /// Least speed-implied resistance (permille, StrokeAssessor.ImpliedResistancePermille) at which a calibration run's stroke
        /// is measured against the calibration before it to carry that one's scale (Calibration.ReferenceWarmthPermille): 750.
        /// Healthy strokes read 0.84 at -30 C and 1.03 at +60 C against a 20 C reference (0.24 %/K, docs/actuation.md), so a
        /// run at either end against one made at the other reads 0.78-1.25; lower is not the same motor at another temperature
        /// (above, the weak line already stops the carry).
        /// </summary>
        public const int MinCarriedWarmthPermille = 750;
        /// <summary>
        /// Least pack current under the pack test's press that measures anything, mA: below it (a motor lead open, a cold
        /// winding barely conducting) the drop is within a few ADC counts.
        /// </summary>
        public const int PressPackMinMilliamps = 10;
        /// <summary>
        /// Largest zero-current offset the per-stroke auto-zero removes, mA: INA181 Vos (+-150 uV x 50) plus REF and
        /// ESP32 offset error stay well inside 20 mA equivalent; more than that is a sensor fault for the self-test.
        /// </summary>
        public const int MaxZeroOffsetMilliamps = 20;
        /// <summary>Plausible winding resistance range, milliohms: the reference motor is 16.7 ohm at 20 C; copper moves about 0.39 %/K.</summary>
        public const int MinMotorMilliohms = 4000;
        /// <summary>Upper end of the plausible winding resistance.</summary>
        public const int MaxMotorMilliohms = 60000;
        /// <summary>DRV8833 high-side plus low-side on-resistance (datasheet: 360 mOhm typical).</summary>
        public const int BridgeMilliohms = 360;
        /// <summary>
        /// The ISEN current-sense shunt, milliohms: the INA181A2's gain of 50 V/V turns it into the board's 5 mV per mA
        /// (BoardConfig.CurrentSenseMicrovoltsPerMilliamp: 5000 uV/mA / 50 = 100 uV/mA = 100 mOhm). It carries the motor current
        /// only in the PWM on-phase (DRV8833 datasheet, ISEN), so it is in the motor's circuit for the duty's share of the time.
        /// </summary>
        public const int SenseMilliohms = 100;
        /// <summary>
        /// When a retry's standstill reading for the end-stop check is taken, ms after the retry's bridge is switched on: the
        /// current has settled (L / R = 0.5 mH / 14-20 ohm, tens of us) and the rotor has not yet turned. At the next regular
        /// sample, 5 ms in, the 40 % soft-start duty has already set the rotor turning, and its back-EMF read the winding 4.7 %
        /// above the plant's resistance at that angle (mean of 9,976 readings, against 1.1 % for the stall readings at full
        /// duty: docs/actuation.md, the check's readings on one duty scale).
        /// </summary>
        public const int RetryReadingMs = 1;
        /// <summary>
        /// Standstill readings the end-stop check adds in each retry pause (BoltDrive.SamplePauseReading): a reading at full
        /// duty <see cref="RetryReadingMs"/> into a one-sample push towards the stall, then braked for <see cref="PauseBrakeMs"/>;
        /// the push turns the rotor to another angle for the next. Three per pause fit in the 400 ms pause (30 ms brake +
        /// 3 x 45 ms), so the retries take no longer. ActuationBench `--normal 0 --jams 3000 --misaligned 0`: the near-end
        /// misses at seeds 4 (501801311) and 5 (496729971) named `jam` with them (branch endcal12; docs/actuation.md, the end-stop
        /// readings). On branch endcal11's scratch sample they took the placing sd from 1.95 % to 1.57 % (obstacles).
        /// </summary>
        public const int PauseReadings = 3;
        /// <summary>
        /// Braked wait after a pause reading's push before the next, ms: the rotor must stand (the bolt's motion is braked within
        /// 15-20 ms in the simulator's trace of a calibration, 2026-11-27; 40 ms leaves margin for a heavier bolt).
        /// </summary>
        public const int PauseBrakeMs = 40;
        /// <summary>
        /// A press whose settled mean reads the winding more than this (permille) above its clean reading moved the bolt
        /// (BoltDrive.PressBlendMilliohms): the back-EMF of the motion lowers the current. Without motion the two differ by ADC
        /// noise only: at the press's 30 % duty one sample's 3 LSB rms (ESP32 ADC, docs/plant.md) is about 2 % of the motor current,
        /// one sample against the mean of the settled three about 2.3 %; 100 permille is four times that.
        /// </summary>
        public const int PressMotionPermille = 100;
        /// <summary>
        /// Nominal pack voltage (4 x AA alkaline, 1.5 V a cell) the stall prediction falls back to when neither the
        /// battery reading nor a stored one is plausible.
        /// </summary>
        public const int NominalBatteryMillivolts = 6000;
        /// <summary>Nominal stroke time of the reference bolt before calibration (25 mm at ~40 mm/s).</summary>
        public const int NominalStrokeMs = 650;
        /// <summary>
        /// Back-EMF integral of a full 25 mm stroke of the reference gearmotor, mV x ms, the position estimate's scale before
        /// any full stroke has been measured: Ke x rotor angle, which neither the pack voltage, the temperature (ferrite
        /// -0.2 %/K) nor the friction moves much, where the stroke time doubles in the cold. The mean of the installed
        /// calibration's two directions at seeds 1-5 (2,778,886-2,974,163; Pololu 150:1 LP 6V, Ke 3.99 mV s/rad, docs/plant.md).
        /// </summary>
        public const int NominalFullStrokeEmfMvMs = 2870000;
        /// <summary>
        /// A stroke from between the switches (no switch closed: a positioning run after a power loss) that stalls on its
        /// first attempt having moved the bolt less than this, tenths of mm, rests against the end stop it drives towards
        /// (BoltDrive.StandingStartAtEnd): 2 mm, a margin over what the back-EMF estimate of a rotor that cannot turn creeps
        /// (V - I x R at another rotor angle than the press read: an obstacle against the bolt tip crept past 1 mm at some
        /// seeds, docs/actuation.md), and what a free bolt covers in the 60 ms blind time alone at the reference bolt's
        /// ~34 mm/s (docs/plant.md: 25 mm in 0.73 s), before any stall can be confirmed.
        /// </summary>
        public const int StandingStartTenthsMm = 20;
    }
}
