using LockFirmware.Runtime;
using LockFirmware.Storage;

namespace LockFirmware.Diagnosis
{
    /// <summary>
    /// Keeps the set of active faults with first and last seen time, count and the latest evidence.
    /// Evidence comes from actuation, power, access, sensors and self-tests through <see cref="Raise"/>;
    /// each fault clears only through <see cref="Clear"/>, which callers invoke on evidence that it is gone
    /// (a full successful stroke clears <c>jam</c>; a battery swap clears <c>battery_low</c>).
    /// </summary>
    public sealed class DiagnosisEngine
    {
        private readonly bool[] _active = new bool[FaultCatalogue.Count];
        private readonly bool[] _seen = new bool[FaultCatalogue.Count];
        private readonly long[] _firstSeenMs = new long[FaultCatalogue.Count];
        private readonly long[] _lastSeenMs = new long[FaultCatalogue.Count];
        private readonly int[] _count = new int[FaultCatalogue.Count];
        private readonly int[] _detail = new int[FaultCatalogue.Count];
        private readonly TransitionTrace _trace;
        private ILockObserver _observer;
        private int _activeCount;

        /// <summary>Creates the engine.</summary>
        public DiagnosisEngine(TransitionTrace trace)
        {
            _trace = trace;
        }

        /// <summary>Who is told of raised and cleared faults.</summary>
        public void SetObserver(ILockObserver observer) { _observer = observer; }

        /// <summary>Number of active faults.</summary>
        public int ActiveCount { get { return _activeCount; } }

        /// <summary>True when <paramref name="code"/> is active.</summary>
        public bool IsActive(FaultCode code) { return _active[(int)code]; }

        /// <summary>True when <paramref name="code"/> was raised since start-up.</summary>
        public bool WasSeen(FaultCode code) { return _seen[(int)code]; }

        /// <summary>Times <paramref name="code"/> was raised since start-up.</summary>
        public int Count(FaultCode code) { return _count[(int)code]; }

        /// <summary>When <paramref name="code"/> was first raised in its current episode.</summary>
        public long FirstSeenMs(FaultCode code) { return _firstSeenMs[(int)code]; }

        /// <summary>When <paramref name="code"/> was last raised.</summary>
        public long LastSeenMs(FaultCode code) { return _lastSeenMs[(int)code]; }

        /// <summary>Latest evidence value given with <paramref name="code"/>.</summary>
        public int Detail(FaultCode code) { return _detail[(int)code]; }

        /// <summary>Raises (or re-confirms) a fault; returns true when it was not active before.</summary>
        public bool Raise(long nowMs, FaultCode code, int detail)
        {
            int i = (int)code;
            _count[i]++;
            _lastSeenMs[i] = nowMs;
            _detail[i] = detail;
            _seen[i] = true;
            if (_active[i]) return false;
            _active[i] = true;
            _firstSeenMs[i] = nowMs;
            _activeCount++;
            _trace.Record(nowMs, TraceMachine.Diagnosis, _activeCount - 1, _activeCount, TraceCause.FaultRaised);
            if (_observer != null) _observer.OnLockEvent(nowMs, LockEventKind.Fault, i, detail);
            return true;
        }

        /// <summary>
        /// Sets the first-seen time of an active fault restored after a restart (the episode began before it, while the
        /// clock ran on); ignored when <paramref name="code"/> is not active or <paramref name="firstSeenMs"/> is later.
        /// </summary>
        public void RestoreFirstSeen(FaultCode code, long firstSeenMs)
        {
            int i = (int)code;
            if (_active[i] && firstSeenMs <= _firstSeenMs[i]) _firstSeenMs[i] = firstSeenMs;
        }

        /// <summary>Clears a fault on evidence that it is gone; returns true when it was active.</summary>
        public bool Clear(long nowMs, FaultCode code)
        {
            int i = (int)code;
            if (!_active[i]) return false;
            _active[i] = false;
            _activeCount--;
            _trace.Record(nowMs, TraceMachine.Diagnosis, _activeCount + 1, _activeCount, TraceCause.FaultCleared);
            if (_observer != null) _observer.OnLockEvent(nowMs, LockEventKind.FaultCleared, i, 0);
            return true;
        }

        /// <summary>Active faults that <see cref="FaultCatalogue.KeptAcrossRestart"/> lets through a deep sleep or a power loss.</summary>
        public int KeptActiveCount
        {
            get
            {
                int n = 0;
                for (int mask = KeptActiveMask; mask != 0; mask &= mask - 1) n++;
                return n;
            }
        }

        /// <summary>Bit i set when fault code i is active and kept across a restart (<see cref="FaultCatalogue.KeptAcrossRestart"/>).</summary>
        public int KeptActiveMask
        {
            get
            {
                int mask = 0;
                for (int i = 0; i < FaultCatalogue.Count; i++)
                {
                    if (_active[i] && FaultCatalogue.KeptAcrossRestart((FaultCode)i)) mask |= 1 << i;
                }
                return mask;
            }
        }

        /// <summary>
        /// Writes the active faults kept across a restart (<see cref="FaultCatalogue.KeptAcrossRestart"/>): a count, then
        /// code, first and last seen, count and detail of each.
        /// </summary>
        public void WriteKept(ByteWriter w)
        {
            w.Byte(KeptActiveCount);
            for (int i = 0; i < FaultCatalogue.Count; i++)
            {
                if (!_active[i] || !FaultCatalogue.KeptAcrossRestart((FaultCode)i)) continue;
                w.Byte(i);
                w.Int64(_firstSeenMs[i]);
                w.Int64(_lastSeenMs[i]);
                w.Int32(_count[i]);
                w.Int32(_detail[i]);
            }
        }

        /// <summary>
        /// Re-raises what <see cref="WriteKept"/> stored, with its count and detail (the caller keeps the observer quiet:
        /// this is not news). After a deep sleep the clock ran on, so first and last seen are the stored times; after a
        /// power loss (<paramref name="clockRestarted"/>) the clock restarted, so both become <paramref name="nowMs"/>, the
        /// start (the event log keeps the real history). Entries for codes that may not be kept are skipped; false when the
        /// record is short.
        /// </summary>
        public bool ReadKept(ByteReader r, bool clockRestarted, long nowMs)
        {
            int n = r.Byte();
            for (int k = 0; k < n && !r.Overrun; k++)
            {
                int i = r.Byte();
                long first = r.Int64();
                long last = r.Int64();
                int count = r.Int32();
                int detail = r.Int32();
                if (r.Overrun || i < 0 || i >= FaultCatalogue.Count || !FaultCatalogue.KeptAcrossRestart((FaultCode)i)) continue;
                if (clockRestarted || first > nowMs || last > nowMs)
                {
                    first = nowMs;
                    last = nowMs;
                }
                Raise(last, (FaultCode)i, detail);
                _firstSeenMs[i] = first;
                _count[i] = count < 1 ? 1 : count;
            }
            return !r.Overrun;
        }

        /// <summary>
        /// The fault to show: highest severity first, then the lowest code number (bolt mechanics before
        /// wiring, wiring before power, power before door and system). False when none is active.
        /// </summary>
        public bool TryGetTop(out FaultCode top)
        {
            top = FaultCode.Jam;
            bool found = false;
            for (int i = 0; i < FaultCatalogue.Count; i++)
            {
                if (!_active[i]) continue;
                FaultCode c = (FaultCode)i;
                if (!found || FaultCatalogue.Severity(c) > FaultCatalogue.Severity(top)
                    || (FaultCatalogue.Severity(c) == FaultCatalogue.Severity(top) && FaultCatalogue.Number(c) < FaultCatalogue.Number(top)))
                {
                    top = c;
                    found = true;
                }
            }
            return found;
        }
    }
}
