using LockFirmware.Runtime;

namespace LockFirmware.Actuation
{
    /// <summary>
    /// Tells a misaligned strike from a jam once every attempt has stalled. A strike out of line stops the
    /// bolt at the strike plate face: only when extending, only with the door closed, at the same place on
    /// every attempt, and near where the face was met before (or within the first third of the throw when
    /// that is not yet known: the bolt crosses the door gap, a few millimetres, before it meets the strike).
    /// Anything else that stalls mid-travel is a jam, and so is a stop where an extend with the door open stalled
    /// before: an obstacle that stops the bolt with no strike in front of it is in the bolt's own path.
    /// </summary>
    public static class StallClassifier
    {
        /// <summary>Attempts must stop within this spread (tenths of mm) to count as repeatable: 1.5 mm.</summary>
        public const int RepeatabilityTenthsMm = 15;
        /// <summary>Without a learned strike face, a misalignment stop lies in 1..6 mm of extension (the reference door gap is about 4 mm).</summary>
        public const int StrikeZoneMinTenthsMm = 10;
        /// <summary>Upper end of the default strike zone.</summary>
        public const int StrikeZoneMaxTenthsMm = 60;
        /// <summary>With a learned strike face, the stop must lie within this distance of it: 2 mm.</summary>
        public const int StrikeFaceToleranceTenthsMm = 20;

        /// <summary>
        /// Returns <see cref="StrokeEnd.Misaligned"/> or <see cref="StrokeEnd.Jammed"/>. <paramref name="strikeFaceTenthsMm"/>
        /// is where a door-closed stall was named misalignment before (0 = none); <paramref name="obstacleTenthsMm"/> is
        /// where an extend with the door open stalled and the obstacle has not been passed since (0 = none).
        /// </summary>
        public static StrokeEnd Classify(StrokeDirection direction, bool doorClosed, int[] stopTenthsMm, int attempts, int strikeFaceTenthsMm, int obstacleTenthsMm)
        {
            if (direction != StrokeDirection.Extend || !doorClosed || attempts < 1) return StrokeEnd.Jammed;
            int n = IntMath.Min(attempts, stopTenthsMm.Length);
            int low = stopTenthsMm[0];
            int high = stopTenthsMm[0];
            for (int i = 1; i < n; i++)
            {
                low = IntMath.Min(low, stopTenthsMm[i]);
                high = IntMath.Max(high, stopTenthsMm[i]);
            }
            if (high - low > RepeatabilityTenthsMm) return StrokeEnd.Jammed;
            int mid = (low + high) / 2;
            if (obstacleTenthsMm > 0 && IntMath.Abs(mid - obstacleTenthsMm) <= StrikeFaceToleranceTenthsMm) return StrokeEnd.Jammed;
            if (strikeFaceTenthsMm > 0)
            {
                return IntMath.Abs(mid - strikeFaceTenthsMm) <= StrikeFaceToleranceTenthsMm ? StrokeEnd.Misaligned : StrokeEnd.Jammed;
            }
            return mid >= StrikeZoneMinTenthsMm && mid <= StrikeZoneMaxTenthsMm ? StrokeEnd.Misaligned : StrokeEnd.Jammed;
        }
    }
}
