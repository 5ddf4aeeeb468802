using LockFirmware.Runtime;

namespace LockFirmware.Actuation
{
    /// <summary>
    /// Says whether a stroke that stalled (named <c>jam</c>) also shows the actuator itself as the cause. The stall keeps its
    /// <c>jam</c> (the bolt did not complete and the owner must know it is stuck); this adds the cause when the evidence
    /// points at the motor or the mechanism rather than at something in the bolt's way:
    /// <list type="bullet">
    /// <item><b>Weak</b>: while the rotor stands the motor is a resistor, so motor voltage over stall current is the resistance
    /// of the armature circuit. A circuit reading <see cref="WeakStallResistancePermille"/> of its calibration value or more
    /// has resistance no temperature in range explains (worn brushes, a corroded connection: the weak motor's signature).
    /// The reading is a ratio of voltage and current, so a low battery lowers both and is not blamed on the motor.</item>
    /// <item><b>Stiff</b>: the stroke started at an end and its first attempt stalled before the motor was ever seen running
    /// and before the bolt moved <see cref="ActuationTuning.StartMovedTenthsMm"/>: the bolt could not leave its end stop at
    /// all. An obstacle in the bolt's path is met after the bolt has moved towards it; a mechanism too stiff for the motor
    /// holds the bolt where it rests. To keep a low battery or a capped duty from being blamed on the mechanism, the stall
    /// current (the force the motor pushed with, torque = Kt x I) must also reach the running current a healthy bolt can
    /// need at today's temperature (<see cref="StrokeAssessor.StiffThresholdPermille"/>, the line the completed-stroke
    /// assessment uses): the bolt resisted more than a healthy one needs just to keep moving.</item>
    /// </list>
    /// A stroke that ran out of time without a stall (<see cref="StrokeEnd.Timeout"/>) is judged the same way on what the
    /// motor did over its last samples (BoltDrive notes them as it gives up): nothing in the bolt's path stopped it (an
    /// obstacle shows as a stall), so a circuit resistance of <see cref="WeakStallResistancePermille"/> or more is weak and a
    /// force above the healthy line at today's temperature is stiff, whether or not the bolt left its end. A healthy bolt on a
    /// pack too weak or cold to move it quickly crawls at a current under that line and a resistance near calibration (a
    /// slow rotor's back-EMF adds little): nothing is blamed on the actuator.
    /// A bolt that runs and then stalls is not judged here: its running current before the stall overlaps that of an
    /// obstacle met early in the stroke or in the cold (DiagnosisBench seed 1: 1.13-1.62 x reference for stiff bolts that
    /// stalled mid-travel, 0.88-2.0 x for obstacle jams), so it says nothing reliable about the cause (docs/actuation.md).
    /// </summary>
    public static class StallCause
    {
        /// <summary>
        /// Stall resistance (permille of the calibration standstill value) at or above which the motor circuit is weak: 140 %.
        /// Copper gives +16 % at +60 C after a 20 C calibration, and one rotor angle adds up to +12 % of commutation ripple:
        /// 130 % at most. Stalls of healthy motors against obstacles, strikes and silent switches across -30..+60 C read
        /// 65-127 % (DiagnosisBench <c>--runs 200 --seed 1 --class 1|2|7 --stalls</c>); stalls of motors at 45-70 % of their
        /// torque (extra series resistance of 43-122 %) read 149-236 % (<c>--class 4</c>).
        /// </summary>
        public const int WeakStallResistancePermille = 1400;

        /// <summary>
        /// How much of the copper coefficient shows in the speed-implied resistance the stiff threshold is drawn against,
        /// permille: 610. Copper is +0.393 %/K (IEC 60028); the implied resistance falls by about 0.24 %/K because the ferrite
        /// magnets' -0.2 %/K slows a cold motor as well (docs/actuation.md), and 0.24 / 0.393 = 0.61.
        /// </summary>
        public const int CopperToImpliedPermille = 610;

        /// <summary>
        /// The actuator fault the stalled <paramref name="record"/> shows besides the jam: <see cref="StrokeAssessment.Weak"/>,
        /// <see cref="StrokeAssessment.Stiff"/>, or <see cref="StrokeAssessment.Normal"/> when the evidence does not point at
        /// the actuator (an obstacle, or a supply too weak to move a healthy bolt), <see cref="StrokeAssessment.Unknown"/>
        /// without a calibration reference or without a stall. <paramref name="recentResistancePermille"/> is the
        /// speed-implied resistance of a normal stroke the same way within the hour (<see cref="RecentStrokeCurrents"/>;
        /// 0 = none): the best thermometer when there is one.
        /// </summary>
        public static StrokeAssessment Assess(StrokeRecord record, Calibration calibration, int recentResistancePermille)
        {
            int d = (int)record.Direction;
            int referenceMilliohms = calibration.ReferenceMilliohms;
            int referenceMilliamps = calibration.ReferenceMilliamps[d];
            if (!calibration.Valid || referenceMilliohms <= 0 || referenceMilliamps <= 0 || record.StallMilliamps <= 0 || record.StallMilliohms <= 0)
            {
                return StrokeAssessment.Unknown;
            }
            // The lower of the two standstill readings of this stroke (each at one rotor angle): a bolt that moves into its
            // stop during the 30 % press lowers the first, never raises it, so the lower one is the conservative resistance.
            int milliohms = record.MeasuredMilliohms > 0 ? IntMath.Min(record.StallMilliohms, record.MeasuredMilliohms) : record.StallMilliohms;
            int resistancePermille = calibration.StandstillPermille(milliohms);
            if (resistancePermille >= WeakStallResistancePermille) return StrokeAssessment.Weak;
            // A stroke that ran out of time was never stopped by anything in its path (that shows as a stall): whatever it
            // moved, a force above what a healthy bolt needs at today's temperature is the mechanism's.
            bool leftItsEnd = !record.StartedAtEnd || record.StallRunningMilliamps > 0 || record.StallTravelTenthsMm >= ActuationTuning.StartMovedTenthsMm;
            // A stall seen only by the standing-rotor witness is judged the same way: the bolt already ran at stall force and came
            // to rest with no abrupt rise, as a mechanism too stiff for the motor does (docs/actuation.md, weak-pack stalls).
            if (leftItsEnd && record.End != StrokeEnd.Timeout && !record.StallStanding) return StrokeAssessment.Normal;
            // Today's temperature on the implied-resistance scale of the stiff line: the recent stroke's, else this standstill
            // reading's copper ratio scaled to that scale.
            int temperaturePermille = recentResistancePermille > 0
                ? recentResistancePermille
                : 1000 - IntMath.MulDiv(1000 - resistancePermille, CopperToImpliedPermille, 1000);
            int forcePermille = calibration.ReferencePermille(record.StallMilliamps, d);
            return forcePermille >= StrokeAssessor.StiffThresholdPermille(temperaturePermille) ? StrokeAssessment.Stiff : StrokeAssessment.Normal;
        }
    }
}
