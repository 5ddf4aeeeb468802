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
        }

        /// <summary>Creates an uncalibrated record.</summary>
        public Calibration()
        {
            Reset();
        }
    }
}
