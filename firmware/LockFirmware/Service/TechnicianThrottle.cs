using LockFirmware.Runtime;
using LockFirmware.Storage;

namespace LockFirmware.Service
{
    /// <summary>
    /// Throttles wrong technician logins: after <see cref="WrongLimit"/> wrong credentials the console refuses
    /// every login for <see cref="FirstLockoutMs"/>, doubling per further lockout up to <see cref="MaxLockoutMs"/>
    /// (Schlage 3 wrong -> 30 s then escalating; Yale 60 s; shared lock-domain notes). The counter persists in
    /// its own record (<see cref="Record"/>) like the keypad throttle, so pulling the battery does not reset it;
    /// the remaining lockout restarts in full-remaining form after power returns (time off power does not count).
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
                _lockedUntilMs = nowMs + IntMath.Clamp(remaining, 0, MaxLockoutMs);
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

        /// <summary>A good login: the counters reset (written only when they were not already zero).</summary>
        public void OnGood(long nowMs)
        {
            if (_wrong == 0 && _level == 0) return;
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
            return _store.Save(Record, Version, 6);
        }
    }
}
