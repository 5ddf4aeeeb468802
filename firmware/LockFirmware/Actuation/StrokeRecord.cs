using LockFirmware.Access;

namespace LockFirmware.Actuation
{
    /// <summary>
    /// Everything recorded about one stroke: direction, source, duration, peak and mean current, energy,
    /// end reason, attempts, where it stopped, and a compact current trace (one byte per sample, 4 mA per
    /// step). Preallocated and reused so a stroke allocates nothing.
    /// </summary>
    public sealed class StrokeRecord
    {
        /// <summary>Samples kept in the compact trace (2.56 s at 200 Hz, longer than any healthy stroke).</summary>
        public const int TraceCapacity = 512;

        /// <summary>Milliamps per trace step: a byte then covers 0..1020 mA, above the reference motor's 360 mA stall.</summary>
        public const int TraceMilliampsPerStep = 4;

        /// <summary>Current samples, <see cref="TraceMilliampsPerStep"/> mA per step.</summary>
        public readonly byte[] Trace = new byte[TraceCapacity];

        /// <summary>Samples in <see cref="Trace"/>.</summary>
        public int TraceLength;
        /// <summary>Which way.</summary>
        public StrokeDirection Direction;
        /// <summary>Who asked for it.</summary>
        public OperationSource Source;
        /// <summary>Start time on the monotonic clock.</summary>
        public long StartMs;
        /// <summary>Total duration including retries and recovery.</summary>
        public int DurationMs;
        /// <summary>Duration of the last driven attempt, start to stop.</summary>
        public int AttemptMs;
        /// <summary>Highest current sample.</summary>
        public int PeakMilliamps;
        /// <summary>Mean current over driven samples.</summary>
        public int MeanMilliamps;
        /// <summary>Mean current in the middle half of the last attempt (the running current).</summary>
        public int RunningMilliamps;
        /// <summary>
        /// Mean voltage across the motor over the same window as <see cref="RunningMilliamps"/> (battery under load less
        /// the bridge drop, times the duty), mV; 0 when no running window was measured. With the running current it gives
        /// the back-EMF, which is proportional to speed.
        /// </summary>
        public int RunningMotorMillivolts;
        /// <summary>This stroke's own standstill winding resistance measurement, milliohms, before averaging (0 = none).</summary>
        public int MeasuredMilliohms;
        /// <summary>
        /// The pack test's resistance (BoltDrive.PackProbePermille: the settled readings with the bridge off after its standstill
        /// press against the readings under it, over the pack current), milliohms; 0 = not measured. Coarse (a warm pack's
        /// ~150 mV drop read through the ADC's DNL, +-7 %); the test before a lock the brown-out guard would refuse on an old measurement (LockController). Not persisted.
        /// </summary>
        public int PressPackMilliohms;
        /// <summary>Mean pack current under the pack test's press, mA (0 = no test).</summary>
        public int PressPackMilliamps;
        /// <summary>The pack test's settled battery reading with the bridge off after the press, mV (0 = no test).</summary>
        public int PressRestMillivolts;
        /// <summary>Lowest battery voltage seen while driving.</summary>
        public int MinBatteryMillivolts;
        /// <summary>Battery voltage just before the stroke (at rest).</summary>
        public int RestBatteryMillivolts;
        /// <summary>Electrical energy drawn by the motor, in millijoules.</summary>
        public int EnergyMillijoules;
        /// <summary>Energy drawn while stalled (stall detected to motor cut, all attempts), in millijoules.</summary>
        public int StallEnergyMillijoules;
        /// <summary>Why it ended.</summary>
        public StrokeEnd End;
        /// <summary>Attempts made (1 = no retry).</summary>
        public int Attempts;
        /// <summary>Estimated bolt extension where the last attempt stopped, tenths of mm (0 = retracted).</summary>
        public int StopTenthsMm;
        /// <summary>Milliseconds from stall detection to motor cut on the last stall (0 when none).</summary>
        public int StallToCutMs;
        /// <summary>Whether the door sensor read closed when the stroke started.</summary>
        public bool DoorClosed;
        /// <summary>True when the target limit switch closed sooner than the bolt could have got there.</summary>
        public bool LimitContradicted;
        /// <summary>Estimated motor winding resistance at this stroke, milliohms.</summary>
        public int MotorMilliohms;
        /// <summary>
        /// After giving up, how far the way back to the origin switch (the last back-off plus the recovery move) went, as
        /// permille of the last full stroke in that direction (0 = not measured: no recovery reached the switch, or no full
        /// stroke that way in the last minutes at the same duty cap). About 1000 means the stall was at the far end. Not persisted.
        /// </summary>
        public int ReturnPermille;
        /// <summary>
        /// A retract that set out with the extended switch open (from a believed end) and reached the retracted switch on its
        /// first attempt: its time as permille of the last full retract in the last minutes at the same duty cap (0 = not
        /// measured). About 1000 means it set out from the end stop; less, from short of it: the
        /// extend before it had stopped on an obstacle (LockController, settling a silent end). Not persisted.
        /// </summary>
        public int TimedTravelPermille;
        /// <summary>
        /// Where the first attempt's stall was placed again when its position estimate put it near the end with no time
        /// reference, permille of the throw (0 = not placed again; BoltDrive, end stop or obstacle). Not persisted.
        /// </summary>
        public int EndStopCheckPermille;
        /// <summary>
        /// The running back-EMF estimate of the first attempt's stop, tenths of mm, when the end-stop check placed that stall
        /// again (<see cref="EndStopCheckPermille"/> &gt; 0), or when a first extend's standing-rotor stall was placed the same
        /// way (BoltDrive.PlaceStandingStall); else 0: what <see cref="StopTenthsMm"/> would have said without the placing.
        /// A later stroke with no check has only such an estimate to compare with (LockController, passed obstacle). Not
        /// persisted.
        /// </summary>
        public int EstimateStopTenthsMm;
        /// <summary>True when the stroke started at an end: the origin limit switch closed and the target one open.</summary>
        public bool StartedAtEnd;
        /// <summary>
        /// The first attempt's running current just before it stalled, mA: the stall detector's slow running reference
        /// (0 = the attempt did not stall, or the motor was never seen running before it did).
        /// </summary>
        public int StallRunningMilliamps;
        /// <summary>How far the first attempt moved the bolt before it stalled, tenths of mm (back-EMF estimate; 0 = no stall).</summary>
        public int StallTravelTenthsMm;
        /// <summary>
        /// RAM only: the first attempt's stall was seen only by the standing-rotor witness (the current flat at stall level
        /// with no rise: BoltDrive.StandingRotor), i.e. the bolt ran at the stall force already and came to rest without the
        /// abrupt rise an obstacle's spring makes. <see cref="StallCause"/> judges it like a stroke that ran out of time.
        /// </summary>
        public bool StallStanding;
        /// <summary>
        /// RAM only: the lock's first attempt was stopped by the breakaway check (BoltDrive.BreakawayCheck): on a sagging
        /// pack the bolt had not broken away at the check's duty, so the unlock could not be sure of moving it again.
        /// </summary>
        public bool BreakawayRefused;
        /// <summary>
        /// The lock reached its extended switch at a crawl and was driven on into the end stop (<see cref="ActuationTuning.SeatMs"/>);
        /// <see cref="AttemptMs"/> is still the time to the switch. Kept in RAM only.
        /// </summary>
        public bool Seated;
        /// <summary>
        /// The stroke stopped because the bolt was pushed back onto the switch it set out from, against the drive, with the rotor
        /// turning backwards (a hand on the key or thumbturn: <see cref="StrokeEnd.Stopped"/>); nothing about the motor, the
        /// mechanism or the pack is judged from it. Kept in RAM only.
        /// </summary>
        public bool PushedBack;
        /// <summary>
        /// The rotor was seen turning backwards while driven forward (back-EMF below -<see cref="ActuationTuning.ReverseEmfPermille"/>
        /// of the applied voltage): a hand on the key or thumbturn turned the bolt against the motor. What the stroke's time and
        /// current say about the actuator is then the hand's, and it is not assessed. Kept in RAM only.
        /// </summary>
        public bool Reversed;
        /// <summary>
        /// RAM only: the stroke ran without believing the motor-current channel (BoltDrive.CurrentSensorSuspect, a standing
        /// <c>current_sensor_fault</c>): it ended on a limit switch or its time limit, and its current figures are zero.
        /// </summary>
        public bool WithoutCurrent;
        /// <summary>
        /// RAM only: the stroke ran without believing the battery channel (BoltDrive.BatterySensorSuspect, a standing
        /// <c>battery_sensor_fault</c>): its rest and lowest battery readings are no pack's, so neither the gauge nor the actuator
        /// assessment takes them (the fault may clear at this very stroke, once its reading sags from a live rest value).
        /// </summary>
        public bool WithoutBattery;
        /// <summary>The first attempt's stall current (mean of the last samples at the stall), mA (0 = no stall).</summary>
        public int StallMilliamps;
        /// <summary>Resistance the first attempt's stall implies, motor voltage over stall current, milliohms (0 = no stall).</summary>
        public int StallMilliohms;

        internal long EnergyAccumulator;
        internal long StallEnergyAccumulator;
        internal long CurrentSum;
        internal int CurrentSamples;

        /// <summary>Clears the record for a new stroke.</summary>
        public void Reset(long nowMs, StrokeDirection direction, OperationSource source)
        {
            TraceLength = 0;
            Direction = direction;
            Source = source;
            StartMs = nowMs;
            DurationMs = 0;
            AttemptMs = 0;
            PeakMilliamps = 0;
            MeanMilliamps = 0;
            RunningMilliamps = 0;
            RunningMotorMillivolts = 0;
            MeasuredMilliohms = 0;
            MinBatteryMillivolts = int.MaxValue;
            RestBatteryMillivolts = 0;
            EnergyMillijoules = 0;
            StallEnergyMillijoules = 0;
            End = StrokeEnd.None;
            Attempts = 0;
            StopTenthsMm = 0;
            StallToCutMs = 0;
            DoorClosed = false;
            MotorMilliohms = 0;
            StartedAtEnd = false;
            StallRunningMilliamps = 0;
            StallTravelTenthsMm = 0;
            StallStanding = false;
            BreakawayRefused = false;
            PushedBack = false;
            Reversed = false;
            Seated = false;
            WithoutCurrent = false;
            WithoutBattery = false;
            StallMilliamps = 0;
            StallMilliohms = 0;
            PressPackMilliohms = 0;
            PressPackMilliamps = 0;
            PressRestMillivolts = 0;
            LimitContradicted = false;
            ReturnPermille = 0;
            TimedTravelPermille = 0;
            EndStopCheckPermille = 0;
            EstimateStopTenthsMm = 0;
            EnergyAccumulator = 0;
            StallEnergyAccumulator = 0;
            CurrentSum = 0;
            CurrentSamples = 0;
        }

        /// <summary>Copies every field of <paramref name="other"/> into this record.</summary>
        public void CopyFrom(StrokeRecord other)
        {
            System.Array.Copy(other.Trace, Trace, TraceCapacity);
            TraceLength = other.TraceLength;
            Direction = other.Direction;
            Source = other.Source;
            StartMs = other.StartMs;
            DurationMs = other.DurationMs;
            AttemptMs = other.AttemptMs;
            PeakMilliamps = other.PeakMilliamps;
            MeanMilliamps = other.MeanMilliamps;
            RunningMilliamps = other.RunningMilliamps;
            RunningMotorMillivolts = other.RunningMotorMillivolts;
            MeasuredMilliohms = other.MeasuredMilliohms;
            MinBatteryMillivolts = other.MinBatteryMillivolts;
            RestBatteryMillivolts = other.RestBatteryMillivolts;
            EnergyMillijoules = other.EnergyMillijoules;
            StallEnergyMillijoules = other.StallEnergyMillijoules;
            End = other.End;
            Attempts = other.Attempts;
            StopTenthsMm = other.StopTenthsMm;
            StallToCutMs = other.StallToCutMs;
            DoorClosed = other.DoorClosed;
            MotorMilliohms = other.MotorMilliohms;
            StartedAtEnd = other.StartedAtEnd;
            StallRunningMilliamps = other.StallRunningMilliamps;
            StallTravelTenthsMm = other.StallTravelTenthsMm;
            StallStanding = other.StallStanding;
            BreakawayRefused = other.BreakawayRefused;
            PushedBack = other.PushedBack;
            Reversed = other.Reversed;
            Seated = other.Seated;
            WithoutCurrent = other.WithoutCurrent;
            WithoutBattery = other.WithoutBattery;
            StallMilliamps = other.StallMilliamps;
            StallMilliohms = other.StallMilliohms;
            PressPackMilliohms = other.PressPackMilliohms;
            PressPackMilliamps = other.PressPackMilliamps;
            PressRestMillivolts = other.PressRestMillivolts;
            LimitContradicted = other.LimitContradicted;
            ReturnPermille = other.ReturnPermille;
            TimedTravelPermille = other.TimedTravelPermille;
            EndStopCheckPermille = other.EndStopCheckPermille;
            EstimateStopTenthsMm = other.EstimateStopTenthsMm;
            EnergyAccumulator = other.EnergyAccumulator;
            StallEnergyAccumulator = other.StallEnergyAccumulator;
            CurrentSum = other.CurrentSum;
            CurrentSamples = other.CurrentSamples;
        }
    }
}
