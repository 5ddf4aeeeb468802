using LockFirmware.Runtime;
using LockFirmware.Storage;

namespace LockFirmware.Service
{
    /// <summary>
    /// Throttles wrong technician logins: after <see cref="WrongLimit"/> wrong credentials the console refuses
    /// every login for <see cref="FirstLockoutMs"/>, doubling per further lockout up to <see cref="MaxLockoutMs"/>
    /// (Schlage 3 wrong -> 30 s then escalating; Yale 60 s; shared lock-domain notes). The counter persists in
    /// its own record (<see cref="Record"/>) like the keypad throttle, so pulling the battery does not reset it;
    /// after a power loss the remaining lockout the record holds is served again (time off power cannot be trusted to
    /// have passed). The record is rewritten when a lockout ends (<see cref="Poll"/>) and before a deep sleep while it
    /// holds a lockout (<see cref="BeforeDeepSleep"/>): the lock deep-sleeps during a console lockout, the clock runs on
    /// through the sleep, and the wake counts the slept time off (<see cref="AfterDeepSleep"/>). Without that, each wake
    /// restored the remaining time as of the third wrong login, and a technician was refused for ever.
    /// </summary>
    public sealed class TechnicianThrottle
    {
        /// <summary>Wrong logins before a lockout.</summary>
        public const int WrongLimit = 3;
        /// <summary>First lockout, ms.</summary>
        public const int FirstLockoutMs = 60000;
        /// <summary>Longest lockout, ms (15 min, as the keypad).</summary>
        public const int MaxLockoutMs = 900000;
        /// <summary>RecordStore record id (docs/diagnosis.md record map).</summary>
        public const int Record = 5;
        /// <summary>Record format version.</summary>
        public const int Version = 1;

        private readonly RecordStore _store;
        private int _wrong;
        private int _level;
        private long _lockedUntilMs;
        // The remaining lockout the record holds; nonzero means it must be rewritten when the lockout ends.
        private int _savedRemainingMs;

        /// <summary>Creates the throttle over <paramref name="store"/>.</summary>
        public TechnicianThrottle(RecordStore store)
        {
            _store = store;
        }

        /// <summary>Wrong logins since the last good one or lockout.</summary>
        public int WrongCount { get { return _wrong; } }
        /// <summary>Lockouts in a row (0 = none).</summary>
        public int Level { get { return _level; } }

        /// <summary>Milliseconds of lockout left at <paramref name="nowMs"/> (0 when logins are accepted).</summary>
        public int RemainingMs(long nowMs)
        {
            return nowMs >= _lockedUntilMs ? 0 : (int)(_lockedUntilMs - nowMs);
        }

        /// <summary>Loads the stored state; a corrupt record means the worst case (a lockout). Returns what was found.</summary>
        public LoadResult Restore(long nowMs)
        {
            int len;
            LoadResult r = _store.Load(Record, Version, out len);
            if (r == LoadResult.Loaded && len == 6)
            {
                byte[] b = _store.Buffer;
                int o = RecordStore.HeaderBytes;
                _wrong = IntMath.Clamp(b[o], 0, WrongLimit);
                _level = IntMath.Clamp(b[o + 1], 0, 16);
                int remaining = b[o + 2] | (b[o + 3] << 8) | (b[o + 4] << 16) | (b[o + 5] << 24);
                _savedRemainingMs = IntMath.Clamp(remaining, 0, MaxLockoutMs);
                _lockedUntilMs = nowMs + _savedRemainingMs;
                return r;
            }
            if (r == LoadResult.Loaded) r = LoadResult.Corrupt;
            if (r == LoadResult.Corrupt)
            {
                _wrong = 0;
                _level = 1;
                _lockedUntilMs = nowMs + FirstLockoutMs;
            }
            return r;
        }

        /// <summary>When <see cref="Poll"/> is next needed: the end of a lockout the record still holds.</summary>
        public long NextPollMs { get { return _savedRemainingMs > 0 ? _lockedUntilMs : long.MaxValue; } }

        /// <summary>
        /// Each poll: a lockout the record still holds has ended, so the record says so (one write): a power loss after the
        /// end must not serve the lockout again.
        /// </summary>
        public void Poll(long nowMs)
        {
            if (_savedRemainingMs > 0 && nowMs >= _lockedUntilMs) Save(nowMs);
        }

        /// <summary>
        /// Before a deep sleep: a lockout the record holds is rewritten with what remains now, the base
        /// <see cref="AfterDeepSleep"/> counts the sleep from (no write when the record holds none).
        /// </summary>
        public void BeforeDeepSleep(long nowMs)
        {
            if (_savedRemainingMs > 0) Save(nowMs);
        }

        /// <summary>
        /// A deep-sleep wake, after <see cref="Restore"/>: the record holds the lockout remaining when the lock went to
        /// sleep <paramref name="sleptMs"/> ago (the clock ran on through the sleep), so that much of it has been served.
        /// </summary>
        public void AfterDeepSleep(long sleptMs)
        {
            if (sleptMs > 0) _lockedUntilMs -= sleptMs;
        }

        /// <summary>A wrong credential; returns true when it started a lockout. Persists the new state.</summary>
        public bool OnWrong(long nowMs)
        {
            _wrong++;
            bool started = false;
            if (_wrong >= WrongLimit)
            {
                long ms = FirstLockoutMs;
                for (int i = 0; i < _level && ms < MaxLockoutMs; i++) ms *= 2;
                if (ms > MaxLockoutMs) ms = MaxLockoutMs;
                _lockedUntilMs = nowMs + ms;
                _level++;
                _wrong = 0;
                started = true;
            }
            Save(nowMs);
            return started;
        }

        /// <summary>
        /// A good login: the counters reset, and the record is written even when they were zero already: a wrong
        /// credential is written (<see cref="OnWrong"/>) before its reply, so a right one that wrote nothing and answered
        /// at once would let whoever cuts the power when a write would run tell a wrong guess from the missing reply,
        /// with the torn write not counting it. One write per login.
        /// </summary>
        public void OnGood(long nowMs)
        {
            _wrong = 0;
            _level = 0;
            Save(nowMs);
        }

        /// <summary>Writes the state; false on a storage error.</summary>
        public bool Save(long nowMs)
        {
            byte[] b = _store.Buffer;
            int o = RecordStore.HeaderBytes;
            int remaining = RemainingMs(nowMs);
            b[o] = (byte)_wrong;
            b[o + 1] = (byte)_level;
            b[o + 2] = (byte)(remaining & 0xFF);
            b[o + 3] = (byte)((remaining >> 8) & 0xFF);
            b[o + 4] = (byte)((remaining >> 16) & 0xFF);
            b[o + 5] = (byte)((remaining >> 24) & 0xFF);
            // Set even when the write fails (storage_fault is the caller's): Poll must not retry it at every tick.
            _savedRemainingMs = remaining;
            return _store.Save(Record, Version, 6);
        }
    }
}
