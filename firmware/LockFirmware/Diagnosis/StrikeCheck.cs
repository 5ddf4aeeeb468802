using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Hal;
using LockFirmware.Runtime;

namespace LockFirmware.Diagnosis
{
    /// <summary>
    /// The door-open strike check: the lock's own version of the field guide's "lock it with the door open" test
    /// (step 7). A door-closed stall a few millimetres out is physically the same event whether the strike plate is
    /// out of line or an obstacle sits in the bolt's path (<see cref="StrikeEvidence"/>), so <c>misalignment</c> is
    /// provisional until the bolt has been thrown with the door open. Owners rarely do that by themselves; the lock
    /// does it once the door has stood open for <see cref="DoorOpenDelayMs"/>: one throw a little past the place the bolt
    /// stopped (<see cref="TargetTenthsMm"/>) and straight back, the
    /// reported lock state staying <c>unlocked</c> and no operation counted. A free throw confirms
    /// <c>misalignment</c>; a stall names <c>jam</c> (the ordinary door-open stall path). A door that closes while
    /// the bolt is still on its first run out voids the check (the bolt may have met the frame, not an obstacle): the
    /// drive stops and the bolt goes back. An owner's lock or unlock request during the check is kept and served at its
    /// end, never refused. This class holds the check's phase; LockController decides when it may start
    /// (<see cref="StrikeEvidence.CheckWanted"/>, the lock unlocked and idle, the battery above its reserve).
    /// Allocates nothing.
    /// </summary>
    public sealed class StrikeCheck
    {
        /// <summary>
        /// How long the door must have stood open before the check throws the bolt, ms: most of the way through a swing
        /// by hand (about 1.5 s for 90 degrees, DoorSensorEvidence.MinPassMs), so the door edge is clear of the frame;
        /// short enough that the check (about 0.7 s for both strokes of the reference bolt at 20 C: 370 ms out to
        /// 9 mm and 340 ms back, locksim) is over before someone who steps through shuts the door behind them (2 s and
        /// more after opening). A door shut onto the bolt during the check bounces off it.
        /// </summary>
        public const int DoorOpenDelayMs = 1200;

        /// <summary>
        /// How far past the verdict's stop the check throws the bolt, tenths of mm: 5 mm, twice the largest error of the
        /// back-EMF stop estimate at a strike face (ActuationBench --stops: estimates 2.5-5.1 mm for a face at about
        /// 4 mm), so an obstacle at the stop is met whatever the two estimates' errors.
        /// </summary>
        public const int MarginTenthsMm = 50;

        /// <summary>The check never throws further than this short of the full throw, tenths of mm (3 mm: the end stop is not the test).</summary>
        public const int EndClearanceTenthsMm = 30;

        /// <summary>Where the check's throw stops for a verdict that stopped the bolt at <paramref name="stopTenthsMm"/>, tenths of mm.</summary>
        public static int TargetTenthsMm(int stopTenthsMm)
        {
            return IntMath.Clamp(stopTenthsMm + MarginTenthsMm, MarginTenthsMm, BoardConfig.BoltThrowTenthsMm - EndClearanceTenthsMm);
        }

        private const int PhaseIdle = 0;
        private const int PhaseExtending = 1;
        private const int PhaseRetracting = 2;
        private const int NoRequest = -1;

        private int _phase;
        private bool _void;
        private int _requested = NoRequest;
        private OperationSource _requestSource;
        private long _doorOpenedMs = long.MinValue;

        /// <summary>True from the start of the check's throw until its way back has finished.</summary>
        public bool Running { get { return _phase != PhaseIdle; } }

        /// <summary>True while the check's throw (the first stroke) runs.</summary>
        public bool Extending { get { return _phase == PhaseExtending; } }

        /// <summary>True when the door closed during the throw: the throw says nothing about the bolt's path.</summary>
        public bool Void { get { return _void; } }

        /// <summary>True when an owner asked to lock during the check.</summary>
        public bool LockRequested { get { return _requested == (int)StrokeDirection.Extend; } }

        /// <summary>True when an owner asked to unlock during the check.</summary>
        public bool UnlockRequested { get { return _requested == (int)StrokeDirection.Retract; } }

        /// <summary>Who asked for the operation kept during the check.</summary>
        public OperationSource RequestSource { get { return _requestSource; } }

        /// <summary>True when the check already ran for the door opening that started at <paramref name="doorOpenedMs"/> (once per opening).</summary>
        public bool RanFor(long doorOpenedMs) { return _doorOpenedMs == doorOpenedMs; }

        /// <summary>The throw starts, for the door opening at <paramref name="doorOpenedMs"/>.</summary>
        public void Start(long doorOpenedMs)
        {
            _phase = PhaseExtending;
            _void = false;
            _requested = NoRequest;
            _doorOpenedMs = doorOpenedMs;
        }

        /// <summary>The throw is over: the bolt goes back.</summary>
        public void StartReturn() { _phase = PhaseRetracting; }

        /// <summary>The door closed during the throw.</summary>
        public void MarkVoid() { _void = true; }

        /// <summary>Keeps an owner's request made during the check (the last one wins, as on an idle lock).</summary>
        public void Request(StrokeDirection direction, OperationSource source)
        {
            _requested = (int)direction;
            _requestSource = source;
        }

        /// <summary>The check is over (or handed to the ordinary stroke path); a kept request is read before this.</summary>
        public void Finish()
        {
            _phase = PhaseIdle;
            _void = false;
            _requested = NoRequest;
        }
    }
}
