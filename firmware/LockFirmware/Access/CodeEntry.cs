using LockFirmware.Runtime;

namespace LockFirmware.Access
{
    /// <summary>
    /// Keypad code entry and the brute-force throttle. A valid code followed by <c>#</c> unlocks, <c>#</c>
    /// alone locks, <c>*</c> clears, <c>**</c> + master code + <c>#</c> starts calibration. Random digits may be
    /// typed before a code (anti-peep); the code must be the last digits before <c>#</c>. After <see cref="WrongCodeLimit"/> wrong codes the
    /// keypad refuses every code, the right one included, for a lockout that doubles each time up to
    /// <see cref="MaxLockoutMs"/>. A valid code resets the counter the moment it is validated (not when the
    /// motor finishes). The counter and the remaining lockout survive a battery pull: the controller persists
    /// them whenever <see cref="ThrottleVersion"/> changes.
    /// </summary>
    public sealed class CodeEntry
    {
        /// <summary>Wrong codes before a lockout (Yale: 5 wrong -> 60 s; shared lock-domain notes).</summary>
        public const int WrongCodeLimit = 5;
        /// <summary>First lockout: 60 s (Yale default).</summary>
        public const int FirstLockoutMs = 60000;
        /// <summary>
        /// Longest lockout: 15 min. Doubling 1, 2, 4, 8, 15 min lets at most 5 codes be tried per 15 min in the long run,
        /// 480 a day: trying every 6-digit code takes 2,083 days (5.7 years), since an entry tries one code of each length
        /// (<see cref="Credentials.FindUser"/>).
        /// </summary>
        public const int MaxLockoutMs = 900000;
        /// <summary>
        /// A lockout's remaining time is written during it every quarter of its length (<see cref="LockoutCheckpointMaxMs"/>
        /// at most), so a power loss serves again what remained at the last write, at most that much more than was left:
        /// before 2026-11-28 only its start was written, and a power cut 9 s before the end of a 60 s lockout (or 14 s before
        /// the end of a 15 min one) served it again in full (blind acceptance tests). 4 to 15 writes a lockout (a `reboot`
        /// writes what remains at once).
        /// </summary>
        public const int LockoutCheckpoints = 4;
        /// <summary>Longest spacing of those writes: 1 min (<see cref="LockoutCheckpoints"/>).</summary>
        public const int LockoutCheckpointMaxMs = 60000;
        /// <summary>Entry is forgotten this long after the last key.</summary>
        public const int EntryTimeoutMs = 10000;
        /// <summary>Digits kept, the last ones typed (anti-peep: up to eight random digits before an 8-digit code).</summary>
        public const int BufferDigits = 16;

        private readonly Credentials _credentials;
        private readonly TransitionTrace _trace;
        private readonly char[] _digits = new char[BufferDigits];
        private int _length;
        private int _starCount;
        private bool _programming;
        // A digit was pressed during the lockout since the last `#` or `*`.
        private bool _lockoutDigits;
        // The lockout ended in the middle of an entry begun during it: the rest of that entry is not a code attempt.
        private bool _discardEntry;
        private EntryState _state = EntryState.Idle;
        private long _lastKeyMs;
        private long _lockoutEndsMs;
        // When the remaining lockout is next written (LockoutCheckpoints), and the spacing of those writes.
        private long _checkpointMs = long.MaxValue;
        private int _checkpointEveryMs;
        private int _wrongCount;
        private int _lockoutLevel;
        private int _throttleVersion;
        private bool _userCodesDisabled;

        /// <summary>Creates code entry over <paramref name="credentials"/>.</summary>
        public CodeEntry(Credentials credentials, TransitionTrace trace)
        {
            _credentials = credentials;
            _trace = trace;
        }

        /// <summary>Current state.</summary>
        public EntryState State { get { return _state; } }

        /// <summary>Wrong codes since the last valid one.</summary>
        public int WrongCount { get { return _wrongCount; } }

        /// <summary>Lockouts served since the last valid code (escalation level).</summary>
        public int LockoutLevel { get { return _lockoutLevel; } }

        /// <summary>Changes whenever the throttle state changes, so the caller knows to persist it.</summary>
        public int ThrottleVersion { get { return _throttleVersion; } }

        /// <summary>User slot of the last accepted user code (-1 for master).</summary>
        public int LastUserSlot;

        /// <summary>Vacation mode: user codes refused, master code still accepted.</summary>
        public bool UserCodesDisabled { get { return _userCodesDisabled; } set { _userCodesDisabled = value; } }

        /// <summary>Milliseconds of lockout left at <paramref name="nowMs"/> (0 when not locked out).</summary>
        public int LockoutRemainingMs(long nowMs)
        {
            return _state == EntryState.LockedOut ? (int)IntMath.Max(_lockoutEndsMs - nowMs, 0) : 0;
        }

        /// <summary>When this machine next needs <see cref="Poll"/> (entry timeout or lockout end).</summary>
        public long NextPollMs
        {
            get
            {
                if (_state == EntryState.LockedOut) return IntMath.Min(_lockoutEndsMs, _checkpointMs);
                if (_state == EntryState.Entering) return _lastKeyMs + EntryTimeoutMs;
                return long.MaxValue;
            }
        }

        /// <summary>
        /// Restores the throttle from storage after a power loss; a lockout in progress serves what remained at its last
        /// write (<see cref="LockoutCheckpoints"/>).
        /// </summary>
        public void RestoreThrottle(long nowMs, int wrongCount, int lockoutLevel, int lockoutRemainingMs)
        {
            _wrongCount = IntMath.Clamp(wrongCount, 0, WrongCodeLimit);
            _lockoutLevel = IntMath.Clamp(lockoutLevel, 0, 16);
            if (lockoutRemainingMs > 0)
            {
                // Time off power cannot be trusted to have passed: serve the remaining lockout again.
                StartLockout(nowMs, IntMath.Min(lockoutRemainingMs, MaxLockoutMs), TraceCause.PowerOn);
            }
        }

        private void StartLockout(long nowMs, int lockoutMs, TraceCause cause)
        {
            _lockoutEndsMs = nowMs + lockoutMs;
            _checkpointEveryMs = IntMath.Clamp(lockoutMs / LockoutCheckpoints, 1000, LockoutCheckpointMaxMs);
            _checkpointMs = nowMs + _checkpointEveryMs;
            Enter(nowMs, EntryState.LockedOut, cause);
        }

        /// <summary>Handles deadlines: entry timeout and lockout end.</summary>
        public void Poll(long nowMs)
        {
            if (_state == EntryState.Entering && nowMs - _lastKeyMs >= EntryTimeoutMs)
            {
                ClearBuffer();
                Enter(nowMs, EntryState.Idle, TraceCause.EntryTimeout);
            }
            else if (_state == EntryState.LockedOut && nowMs < _lockoutEndsMs && nowMs >= _checkpointMs)
            {
                // The controller writes the remaining lockout (ThrottleVersion).
                _throttleVersion++;
                _checkpointMs = nowMs + _checkpointEveryMs;
            }
            else if (_state == EntryState.LockedOut && nowMs >= _lockoutEndsMs)
            {
                _wrongCount = 0;
                _checkpointMs = long.MaxValue;
                _throttleVersion++;
                ClearBuffer();
                // Someone typing as the lockout ran out: the keys after its end are the tail of a code begun during it,
                // which checked alone would be a wrong code, the first strike of the next round (blind acceptance tests,
                // 2026-11-28: the right code typed across the end read as invalid_credential).
                _discardEntry = _lockoutDigits && nowMs - _lastKeyMs < EntryTimeoutMs;
                _lockoutDigits = false;
                Enter(nowMs, EntryState.Idle, TraceCause.LockoutOver);
            }
            if (_discardEntry && nowMs - _lastKeyMs >= EntryTimeoutMs) _discardEntry = false;
        }

        /// <summary>Handles one debounced key press.</summary>
        public EntryOutcome OnKey(long nowMs, char key)
        {
            Poll(nowMs);
            _lastKeyMs = nowMs;
            if (_state == EntryState.LockedOut)
            {
                // The lockout throttles code guessing, not locking: `#` alone still locks (one-touch locking needs no code).
                // Digits typed during the lockout are not kept, but they make the `#` that follows a refused code attempt.
                if (key >= '0' && key <= '9') _lockoutDigits = true;
                if (key == '*') _lockoutDigits = false;
                if (key != '#') return EntryOutcome.None;
                bool typed = _lockoutDigits;
                _lockoutDigits = false;
                return typed ? EntryOutcome.RefusedLockedOut : EntryOutcome.Lock;
            }
            if (_discardEntry)
            {
                // The entry begun during the lockout runs to its `#` (refused as the lockout's, no strike) or its `*`.
                if (key == '#')
                {
                    _discardEntry = false;
                    return EntryOutcome.RefusedLockedOut;
                }
                if (key != '*') return EntryOutcome.None;
                _discardEntry = false;
            }
            if (key == '*')
            {
                ClearBuffer();
                _starCount++;
                _programming = _starCount >= 2;
                Enter(nowMs, _programming ? EntryState.Entering : EntryState.Idle, TraceCause.Key);
                return EntryOutcome.Cleared;
            }
            if (key >= '0' && key <= '9')
            {
                _starCount = 0;
                if (_length == BufferDigits)
                {
                    for (int i = 1; i < BufferDigits; i++) _digits[i - 1] = _digits[i];
                    _length--;
                }
                _digits[_length++] = key;
                Enter(nowMs, EntryState.Entering, TraceCause.Key);
                return EntryOutcome.None;
            }
            if (key != '#') return EntryOutcome.None;

            _starCount = 0;
            bool programming = _programming;
            int length = _length;
            // `#` alone locks, also after `**` (the calibration gesture only matters when the master code follows it).
            if (length == 0)
            {
                Enter(nowMs, EntryState.Idle, TraceCause.Key);
                return EntryOutcome.Lock;
            }
            EntryOutcome outcome;
            // After `**` a user code still unlocks: `*` clears the entry, and only the master code makes `**` a gesture.
            int userSlot = _credentials.FindUser(_digits, length);
            if (_credentials.MatchesMaster(_digits, length))
            {
                LastUserSlot = -1;
                outcome = programming ? EntryOutcome.Calibrate : EntryOutcome.UnlockMaster;
            }
            else if (userSlot >= 0)
            {
                LastUserSlot = userSlot;
                outcome = _userCodesDisabled ? EntryOutcome.RefusedDisabled : EntryOutcome.UnlockUser;
            }
            else
            {
                outcome = EntryOutcome.Wrong;
            }
            ClearBuffer();
            if (outcome == EntryOutcome.Wrong)
            {
                _wrongCount++;
                _throttleVersion++;
                if (_wrongCount >= WrongCodeLimit)
                {
                    int lockoutMs = FirstLockoutMs;
                    for (int i = 0; i < _lockoutLevel && lockoutMs < MaxLockoutMs; i++) lockoutMs *= 2;
                    lockoutMs = IntMath.Min(lockoutMs, MaxLockoutMs);
                    _lockoutLevel++;
                    StartLockout(nowMs, lockoutMs, TraceCause.CodeRejected);
                    return EntryOutcome.LockoutStarted;
                }
                Enter(nowMs, EntryState.Idle, TraceCause.CodeRejected);
                return outcome;
            }
            if (outcome != EntryOutcome.RefusedDisabled && (_wrongCount != 0 || _lockoutLevel != 0))
            {
                _wrongCount = 0;
                _lockoutLevel = 0;
                _throttleVersion++;
            }
            Enter(nowMs, EntryState.Idle, TraceCause.CodeAccepted);
            return outcome;
        }

        private void ClearBuffer()
        {
            for (int i = 0; i < BufferDigits; i++) _digits[i] = '\0';
            _length = 0;
            _programming = false;
        }

        private void Enter(long nowMs, EntryState next, TraceCause cause)
        {
            if (next == _state) return;
            _trace.Record(nowMs, TraceMachine.CodeEntry, (int)_state, (int)next, cause);
            _state = next;
        }
    }
}
