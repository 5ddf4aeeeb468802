using LockFirmware.Actuation;
using LockFirmware.Runtime;
using LockFirmware.Storage;

namespace LockFirmware.Diagnosis
{
    /// <summary>
    /// History that tells a strike out of line from an obstacle at the strike. One extend that stalls repeatably at
    /// the strike face with the door closed is physically the same event as one that meets debris at that extension:
    /// the motor sees a stiff stop a few millimetres out either way. What differs is what the door does to it. A
    /// strike out of line is only in the bolt's way while the door is shut; an obstacle in the lock's own bolt path
    /// (a bent faceplate, debris in the bolt channel, a burr on the bolt) stays there when the door is open. So the
    /// door-closed verdict <c>misalignment</c> is provisional, and a later extend with the door open settles it:
    /// <list type="bullet">
    /// <item>stalls near the same place: the obstacle is in the bolt's path: <c>misalignment</c> is withdrawn (the
    /// stroke itself raises <c>jam</c>), the strike face learned from it is forgotten, and the place is kept so that
    /// a door-closed stall there is named <c>jam</c> too (<see cref="StallClassifier"/>);</item>
    /// <item>throws freely: what a strike out of line predicts; <c>misalignment</c> stands.</item>
    /// </list>
    /// <c>misalignment</c> clears only on the evidence that the strike is in line again: an extend that completes
    /// with the door closed (the bolt went into the strike). A retract, or a free throw with the door open, says
    /// nothing about the strike. Allocates nothing.
    /// </summary>
    public sealed class StrikeEvidence
    {
        private readonly DiagnosisEngine _diagnosis;
        private readonly Calibration _calibration;
        private int _obstacleTenthsMm;

        /// <summary>Weighs strokes into <paramref name="diagnosis"/>; forgets a strike face in <paramref name="calibration"/> that was an obstacle.</summary>
        public StrikeEvidence(DiagnosisEngine diagnosis, Calibration calibration)
        {
            _diagnosis = diagnosis;
            _calibration = calibration;
        }

        /// <summary>
        /// Where an extend with the door open last stalled, tenths of mm, until an extend passes it (0 = none). A stall
        /// there with the door closed is that obstacle again.
        /// </summary>
        public int ObstacleTenthsMm { get { return _obstacleTenthsMm; } }

        /// <summary>Writes the known obstacle to the deep-sleep record (the provisional verdict itself is the active <c>misalignment</c>, carried by <see cref="DiagnosisEngine.WriteKept"/>).</summary>
        public void Write(ByteWriter w)
        {
            w.Int32(_obstacleTenthsMm);
        }

        /// <summary>Restores what <see cref="Write"/> stored; a value outside the throw (a corrupt or older record) restores none.</summary>
        public void Read(ByteReader r)
        {
            int obstacle = r.Int32();
            _obstacleTenthsMm = r.Overrun || obstacle < 0 || obstacle > ObstacleLimitTenthsMm ? 0 : obstacle;
        }

        /// <summary>Largest obstacle position accepted from storage, tenths of mm: well past the 24 mm throw of the reference bolt (docs/plant.md).</summary>
        public const int ObstacleLimitTenthsMm = 1000;

        /// <summary>Weighs a finished stroke (before its own fault is raised); returns true when a fault was withdrawn.</summary>
        public bool OnStroke(long nowMs, StrokeRecord record)
        {
            if (record.Direction != StrokeDirection.Extend || record.Attempts == 0) return false;
            if (record.End == StrokeEnd.Completed)
            {
                // The bolt passed every place an obstacle stopped it before.
                _obstacleTenthsMm = 0;
                // Into the strike with the door shut: the strike is in line (again). With the door open a free throw is
                // exactly what a misaligned strike predicts, so it proves nothing about the strike.
                return record.DoorClosed && _diagnosis.Clear(nowMs, FaultCode.Misalignment);
            }
            if (record.DoorClosed || record.End != StrokeEnd.Jammed && record.End != StrokeEnd.Timeout) return false;
            // Stopped with no strike in front of the bolt: something in the bolt's own path.
            int stop = record.StopTenthsMm;
            _obstacleTenthsMm = IntMath.Max(stop, 1);
            if (!_diagnosis.IsActive(FaultCode.Misalignment)) return false;
            if (IntMath.Abs(stop - _diagnosis.Detail(FaultCode.Misalignment)) > StallClassifier.StrikeFaceToleranceTenthsMm) return false;
            // The door-closed stop at the "strike" was this obstacle: not a strike face to learn.
            if (IntMath.Abs(_calibration.StrikeFaceTenthsMm - stop) <= StallClassifier.StrikeFaceToleranceTenthsMm) _calibration.StrikeFaceTenthsMm = 0;
            return _diagnosis.Clear(nowMs, FaultCode.Misalignment);
        }
    }
}
