using LockFirmware.Runtime;

namespace LockFirmware.Actuation
{
    /// <summary>
    /// Compares a completed stroke with the calibrated baseline for its direction.
    /// A gearmotor's current is set by load torque (I = T / Kt) and its speed by the voltage left after the
    /// winding drop (w = (V - I R) / Ke). So rising friction (over-tightened screws, cold grease) shows as
    /// more current; a tired motor (higher winding or brush resistance, weaker magnets) shows as less speed
    /// at normal current; and a low battery shows as less speed too, which is why the expected stroke time
    /// is scaled by the battery voltage at calibration over the voltage now before blaming the actuator.
    /// </summary>
    public static class StrokeAssessor
    {
        /// <summary>Running current this much above baseline (permille) is stiff: 150 % warns well before the 70 %-of-stall jam threshold.</summary>
        public const int StiffCurrentPermille = 1500;
        /// <summary>Stroke time this much above the voltage-scaled baseline (permille) counts as slow.</summary>
        public const int SlowTimePermille = 1400;
        /// <summary>Slow strokes whose current is above this (permille of baseline) are stiff, not weak.</summary>
        public const int RaisedCurrentPermille = 1250;
        /// <summary>A battery this far below its calibration voltage (permille) explains a slow stroke.</summary>
        public const int LowBatteryPermille = 850;

        /// <summary>Assesses <paramref name="record"/> against <paramref name="calibration"/>.</summary>
        public static StrokeAssessment Assess(StrokeRecord record, Calibration calibration)
        {
            int d = (int)record.Direction;
            int baseMs = calibration.StrokeMs[d];
            int baseMa = calibration.RunningMilliamps[d];
            if (!calibration.Valid || baseMs <= 0 || baseMa <= 0 || calibration.BatteryMillivolts <= 0 || record.RestBatteryMillivolts <= 0) return StrokeAssessment.Unknown;
            int currentPermille = IntMath.MulDiv(record.RunningMilliamps, 1000, baseMa);
            if (currentPermille >= StiffCurrentPermille) return StrokeAssessment.Stiff;
            int batteryPermille = IntMath.MulDiv(record.RestBatteryMillivolts, 1000, calibration.BatteryMillivolts);
            int expectedMs = IntMath.MulDiv(baseMs, 1000, IntMath.Max(batteryPermille, 500));
            int timePermille = IntMath.MulDiv(record.AttemptMs, 1000, expectedMs);
            if (timePermille < SlowTimePermille)
            {
                // Slow relative to the raw baseline only because the battery is low.
                int rawPermille = IntMath.MulDiv(record.AttemptMs, 1000, baseMs);
                return rawPermille >= SlowTimePermille && batteryPermille <= LowBatteryPermille ? StrokeAssessment.SlowFromBattery : StrokeAssessment.Normal;
            }
            if (currentPermille >= RaisedCurrentPermille) return StrokeAssessment.Stiff;
            return StrokeAssessment.Weak;
        }
    }
}
