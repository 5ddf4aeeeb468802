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
    /// nothing about the strike. The lock runs that door-open throw itself (<see cref="StrikeCheck"/>) while the verdict is
    /// unconfirmed (<see cref="CheckWanted"/>). Allocates nothing.
    /// </summary>
    public sealed class StrikeEvidence
    {
        private readonly DiagnosisEngine _diagnosis;
        private readonly Calibration _calibration;
        private int _obstacleTenthsMm;
        private bool _settled;
        private int _checks;

        /// <summary>
        /// Door-open checks run for one standing <c>misalignment</c> that ended without a result (the door closed on the
        /// throw) before the lock stops trying: each costs two strokes, and a door that is always shut within a second or
        /// two of opening will not give the check its time.
        /// </summary>
        public const int MaxChecks = 3;

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

        /// <summary>
        /// True while <c>misalignment</c> stands unconfirmed: no extend with the door open has thrown freely or stalled
        /// since it was named, and fewer than <see cref="MaxChecks"/> door-open checks were cut short.
        /// </summary>
        public bool CheckWanted
        {
            get { return !_settled && _checks < MaxChecks && _diagnosis.IsActive(FaultCode.Misalignment); }
        }

        /// <summary>A door-open check was cut short (the door closed on the throw): one try used.</summary>
        public void CheckVoided()
        {
            if (_checks < MaxChecks) _checks++;
        }

        /// <summary>Writes the known obstacle and whether the verdict was settled by a door-open extend to the deep-sleep record (the provisional verdict itself is the active <c>misalignment</c>, carried by <see cref="DiagnosisEngine.WriteKept"/>).</summary>
        public void Write(ByteWriter w)
        {
            w.Int32(_obstacleTenthsMm);
            w.Byte(_settled ? 1 : 0);
            w.Byte(_checks);
        }

        /// <summary>Restores what <see cref="Write"/> stored; a value outside the throw (a corrupt or older record) restores none.</summary>
        public void Read(ByteReader r)
        {
            int obstacle = r.Int32();
            int settled = r.Byte();
            int checks = r.Byte();
            bool bad = r.Overrun || obstacle < 0 || obstacle > ObstacleLimitTenthsMm || settled > 1 || checks > MaxChecks;
            // An unreadable record keeps nothing: at worst the door-open check runs once more.
            _obstacleTenthsMm = bad ? 0 : obstacle;
            _settled = !bad && settled == 1;
            _checks = bad ? 0 : checks;
        }

        /// <summary>Largest obstacle position accepted from storage, tenths of mm: well past the 24 mm throw of the reference bolt (docs/plant.md).</summary>
        public const int ObstacleLimitTenthsMm = 1000;

        /// <summary>Weighs a finished stroke (before its own fault is raised); returns true when a fault was withdrawn.</summary>
        public bool OnStroke(long nowMs, StrokeRecord record)
        {
            if (record.Direction != StrokeDirection.Extend || record.Attempts == 0) return false;
            // A verdict named afresh (none standing) has not been checked yet.
            if (record.End == StrokeEnd.Misaligned && !_diagnosis.IsActive(FaultCode.Misalignment)) Unsettle();
            if (record.End == StrokeEnd.Completed || record.End == StrokeEnd.Stopped)
            {
                // The bolt passed every place an obstacle stopped it before: all of them on a completed stroke, those short
                // of where it was stopped on the strike check's short throw (StrikeCheck).
                if (record.End == StrokeEnd.Completed || _obstacleTenthsMm < record.StopTenthsMm) _obstacleTenthsMm = 0;
                // With the door open: what a strike out of line predicts, so a standing verdict is confirmed (settled).
                if (!record.DoorClosed && _diagnosis.IsActive(FaultCode.Misalignment)) _settled = true;
                // Into the strike with the door shut: the strike is in line (again). With the door open a free throw is
                // exactly what a misaligned strike predicts, so it proves nothing about the strike.
                if (record.End == StrokeEnd.Stopped || !record.DoorClosed) return false;
                Unsettle();
                return _diagnosis.Clear(nowMs, FaultCode.Misalignment);
            }
            if (record.DoorClosed || record.End != StrokeEnd.Jammed && record.End != StrokeEnd.Timeout) return false;
            // Stopped with no strike in front of the bolt: something in the bolt's own path.
            int stop = record.StopTenthsMm;
            _obstacleTenthsMm = IntMath.Max(stop, 1);
            // A door-open extend has run since the verdict: whatever it met, asking again would only meet it again.
            _settled = true;
            if (!_diagnosis.IsActive(FaultCode.Misalignment)) return false;
            if (IntMath.Abs(stop - _diagnosis.Detail(FaultCode.Misalignment)) > StallClassifier.StrikeFaceToleranceTenthsMm) return false;
            // The door-closed stop at the "strike" was this obstacle: not a strike face to learn.
            if (IntMath.Abs(_calibration.StrikeFaceTenthsMm - stop) <= StallClassifier.StrikeFaceToleranceTenthsMm) _calibration.StrikeFaceTenthsMm = 0;
            Unsettle();
            return _diagnosis.Clear(nowMs, FaultCode.Misalignment);
        }

        /// <summary>
        /// The bolt went the whole throw to its extended switch by hand (a key, a thumbturn) with the door closed: it entered
        /// the strike, so the strike is in line and nothing stands in the path. Withdraws a standing <c>misalignment</c>
        /// (docs/fault-codes.md: it clears when the bolt enters the strike with the door closed) as a motor stroke into the
        /// strike does; returns true when it did.
        /// </summary>
        public bool OnBoltEnteredStrike(long nowMs)
        {
            _obstacleTenthsMm = 0;
            if (!_diagnosis.IsActive(FaultCode.Misalignment)) return false;
            Unsettle();
            return _diagnosis.Clear(nowMs, FaultCode.Misalignment);
        }

        private void Unsettle()
        {
            _settled = false;
            _checks = 0;
        }
    }
}
