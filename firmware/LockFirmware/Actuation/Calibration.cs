using LockFirmware.Runtime;

namespace LockFirmware.Actuation
{
    /// <summary>
    /// What a calibration run learned, per direction (index 0 = extend, 1 = retract): stroke time, the
    /// back-EMF integral of a full stroke (the position scale), the running current, and the motor's
    /// resistance. Adapted slowly after every completed stroke; stored by the storage layer.
    /// </summary>
    public sealed class Calibration
    {
        /// <summary>
        /// Lowest winding resistance a finished calibration run keeps, milliohms: the run's result is clamped to
        /// <see cref="MinMotorMilliohms"/>..<see cref="MaxMotorMilliohms"/> (2 to 100 ohm, well outside the reference
        /// motor's 16.7 ohm and its 4-60 ohm measurement window, ActuationTuning), so a stored value outside it is damage.
        /// </summary>
        public const int MinMotorMilliohms = 2000;
        /// <summary>Highest winding resistance a finished calibration run keeps, milliohms (<see cref="MinMotorMilliohms"/>).</summary>
        public const int MaxMotorMilliohms = 100000;

        /// <summary>
        /// Least stored <see cref="ReferenceWarmthPermille"/> or <see cref="ReferenceCurrentPermille"/> a load keeps: 250 (a
        /// stored value outside 250-4000 is damage and the reference goes back on its own scale, 1000). Runs carry 750-1200
        /// (ActuationTuning.MinCarriedWarmthPermille, the weak line) and cold grease raises the current up to about 1.8 times.
        /// </summary>
        public const int MinScalePermille = 250;
        /// <summary>Highest stored scale a load keeps (<see cref="MinScalePermille"/>): 4000.</summary>
        public const int MaxScalePermille = 4000;

        /// <summary>True once a calibration run completed in both directions.</summary>
        public bool Valid;
        /// <summary>Learned stroke time per direction, ms.</summary>
        public readonly int[] StrokeMs = new int[2];
        /// <summary>Back-EMF integral of a full stroke per direction, mV*ms.</summary>
        public readonly int[] FullStrokeEmfMvMs = new int[2];
        /// <summary>Learned running current per direction, mA.</summary>
        public readonly int[] RunningMilliamps = new int[2];
        /// <summary>
        /// Running current per direction at calibration, mA (0 = not learned). Not adapted: the assessor judges stiffness
        /// against the actuator as calibrated, with the temperature effect of grease taken out by physics.
        /// </summary>
        public readonly int[] ReferenceMilliamps = new int[2];
        /// <summary>Mean motor voltage over the running window at calibration per direction, mV (0 = not learned; not adapted).</summary>
        public readonly int[] ReferenceMotorMillivolts = new int[2];
        /// <summary>Stroke time at calibration per direction, ms (0 = not learned; not adapted).</summary>
        public readonly int[] ReferenceStrokeMs = new int[2];
        /// <summary>
        /// Motor voltage integral of the calibration run's extend, mV*ms (0 = not learned; not adapted). With
        /// <see cref="ReferenceExtendMilliampMs"/> and <see cref="ReferenceMilliohms"/> it gives the end-stop check its scale
        /// (BoltDrive.ReferenceScaleMvMs, docs/actuation.md).
        /// </summary>
        public int ReferenceExtendMotorMvMs;
        /// <summary>Motor current integral of the calibration run's extend, mA*ms (0 = not learned; not adapted).</summary>
        public int ReferenceExtendMilliampMs;
        /// <summary>Learned motor winding resistance, milliohms.</summary>
        public int MotorMilliohms = ActuationTuning.NominalMotorMilliohms;
        /// <summary>
        /// Winding resistance the back-EMF position estimate subtracts, milliohms (0 = none yet: <see cref="MotorMilliohms"/>):
        /// blended like it from the presses, but from a press that moved the bolt into its stop with the press's clean reading
        /// (BoltDrive.PositionMilliohms). Stored with the calibration because the learned full-stroke integrals were worked
        /// out with it: after a restart the estimate must run on the same resistance.
        /// </summary>
        public int PositionMilliohms;
        /// <summary>Winding resistance measured at standstill during calibration, milliohms (0 = not measured).</summary>
        public int ReferenceMilliohms;
        /// <summary>
        /// How warm the motor was when this calibration's assessment reference was learned: the run's speed-implied
        /// resistance (StrokeAssessor.ImpliedResistancePermille) against the calibration before it, chained, permille of the
        /// first calibration's (1000 = as warm as the installer's run, or no earlier calibration to measure against). The
        /// assessor's thresholds were drawn against a room-temperature reference; a run made at -20 C left one 16 % colder,
        /// and every stroke once the lock warmed read like a weak motor (blind acceptance tests, 2026-11-28).
        /// <see cref="ImpliedOnFirstScale"/> and <see cref="StandstillPermille"/> put readings back on the first calibration's scale.
        /// </summary>
        public int ReferenceWarmthPermille = 1000;
        /// <summary>
        /// The calibration run's running current against the calibration before it, chained, permille of the first
        /// calibration's (1000 = as there): cold grease at the run raises the reference the stiff line is drawn on, warm grease
        /// lowers it. See <see cref="ReferenceWarmthPermille"/> and <see cref="ReferencePermille"/>.
        /// </summary>
        public int ReferenceCurrentPermille = 1000;
        /// <summary>Battery voltage at rest when the baseline was learned, mV (scales the expected stroke time).</summary>
        public int BatteryMillivolts;
        /// <summary>Bolt extension where the strike plate face is met with the door closed, tenths of mm (0 = unknown).</summary>
        public int StrikeFaceTenthsMm;
        /// <summary>
        /// The door reed has been seen to change at least once since installation (learned, like the strike face): from
        /// then on keypad entries with the reed unmoved are evidence of a stuck reed (DoorSensorEvidence), also after a
        /// battery change has cleared the RAM.
        /// </summary>
        public bool ReedSeenWorking;

        /// <summary>Forgets everything (uncalibrated defaults).</summary>
        public void Reset()
        {
            Valid = false;
            for (int i = 0; i < 2; i++)
            {
                StrokeMs[i] = ActuationTuning.NominalStrokeMs;
                FullStrokeEmfMvMs[i] = 0;
                RunningMilliamps[i] = 0;
                ReferenceMilliamps[i] = 0;
                ReferenceMotorMillivolts[i] = 0;
                ReferenceStrokeMs[i] = 0;
            }
            ReferenceExtendMotorMvMs = 0;
            ReferenceExtendMilliampMs = 0;
            MotorMilliohms = ActuationTuning.NominalMotorMilliohms;
            PositionMilliohms = 0;
            StrikeFaceTenthsMm = 0;
            BatteryMillivolts = 0;
            ReferenceMilliohms = 0;
            ReedSeenWorking = false;
            ReferenceWarmthPermille = 1000;
            ReferenceCurrentPermille = 1000;
        }

        /// <summary>Copies every learned value of <paramref name="other"/> (the calibration a new run is measured against).</summary>
        public void CopyFrom(Calibration other)
        {
            Valid = other.Valid;
            for (int i = 0; i < 2; i++)
            {
                StrokeMs[i] = other.StrokeMs[i];
                FullStrokeEmfMvMs[i] = other.FullStrokeEmfMvMs[i];
                RunningMilliamps[i] = other.RunningMilliamps[i];
                ReferenceMilliamps[i] = other.ReferenceMilliamps[i];
                ReferenceMotorMillivolts[i] = other.ReferenceMotorMillivolts[i];
                ReferenceStrokeMs[i] = other.ReferenceStrokeMs[i];
            }
            ReferenceExtendMotorMvMs = other.ReferenceExtendMotorMvMs;
            ReferenceExtendMilliampMs = other.ReferenceExtendMilliampMs;
            MotorMilliohms = other.MotorMilliohms;
            PositionMilliohms = other.PositionMilliohms;
            StrikeFaceTenthsMm = other.StrikeFaceTenthsMm;
            BatteryMillivolts = other.BatteryMillivolts;
            ReferenceMilliohms = other.ReferenceMilliohms;
            ReedSeenWorking = other.ReedSeenWorking;
            ReferenceWarmthPermille = other.ReferenceWarmthPermille;
            ReferenceCurrentPermille = other.ReferenceCurrentPermille;
        }

        /// <summary>
        /// A speed-implied resistance measured against this calibration's reference (permille), on the first calibration's
        /// scale (<see cref="ReferenceWarmthPermille"/>); 0 stays 0 (unknown).
        /// </summary>
        public int ImpliedOnFirstScale(int permille)
        {
            return permille <= 0 ? permille : IntMath.Max(1, IntMath.MulDiv(permille, ReferenceWarmthPermille, 1000));
        }

        /// <summary>
        /// A running or stall current against the reference of direction <paramref name="d"/>, permille, on the first
        /// calibration's scale (<see cref="ReferenceCurrentPermille"/>); 0 without a reference.
        /// </summary>
        public int ReferencePermille(int milliamps, int d)
        {
            int reference = ReferenceMilliamps[d];
            return reference <= 0 ? 0 : IntMath.MulDiv(milliamps, ReferenceCurrentPermille, reference);
        }

        /// <summary>
        /// A standstill winding resistance against the reference's, permille of the first calibration's (copper: the warmth
        /// is on the speed-implied scale, which moves <see cref="StallCause.CopperToImpliedPermille"/> as much); 0 without a
        /// reference.
        /// </summary>
        public int StandstillPermille(int milliohms)
        {
            if (ReferenceMilliohms <= 0) return 0;
            int copperPermille = 1000 + IntMath.MulDiv(ReferenceWarmthPermille - 1000, 1000, StallCause.CopperToImpliedPermille);
            return IntMath.MulDiv(milliohms, copperPermille, ReferenceMilliohms);
        }

        /// <summary>Creates an uncalibrated record.</summary>
        public Calibration()
        {
            Reset();
        }
    }
}
