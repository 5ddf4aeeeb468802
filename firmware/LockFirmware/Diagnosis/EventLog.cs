using LockFirmware.Runtime;
using LockFirmware.Storage;

namespace LockFirmware.Diagnosis
{
    /// <summary>
    /// The event log: a fixed-size ring of records (time, wall-clock-valid flag, kind, source, code, detail)
    /// kept in RAM and persisted through <see cref="RecordStore"/> as a ring of pages, each page one record
    /// (records <see cref="FirstPageRecord"/>.. ; each page therefore has two slots with sequence and CRC-32).
    /// <para>
    /// Write policy (flash wear; docs/diagnosis.md has the arithmetic): a page is written when it is full,
    /// the current partial page when an important event (fault, alarm, self-test, operation, refused operation) arrives and otherwise at
    /// most once per <see cref="FlushDelayMs"/> while it holds unwritten records. Writes happen from the tick
    /// while the motor is idle, never inside a stroke. A torn page write leaves the page's other slot (its
    /// previous version) intact, so a power cut loses at most the records new to that one write; older
    /// pages are never rewritten. A page whose copies all fail their checksum raises <c>storage_fault</c>.
    /// </para>
    /// Indication events are not logged: they are consequences of logged faults and operations.
    /// </summary>
    public sealed class EventLog
    {
        /// <summary>First RecordStore record id used for log pages (0-3 LockStore, 4 self-test scratch, 5 console throttle, 6-7 spare).</summary>
        public const int FirstPageRecord = 8;
        /// <summary>Most pages used (the ring is smaller when the storage has fewer slots).</summary>
        public const int MaxPages = 8;
        /// <summary>Most records per page.</summary>
        public const int MaxRecordsPerPage = 32;
        /// <summary>Bytes of one stored log record.</summary>
        public const int RecordBytes = 16;
        /// <summary>Bytes of the page header (page number, record count, format).</summary>
        public const int PageHeaderBytes = 6;
        /// <summary>Format version of log pages.</summary>
        public const int PageVersion = 1;
        /// <summary>
        /// Longest a partial page waits before it is written: 10 min bounds the records a power cut can lose
        /// to those of the last 10 minutes that were not important, at most 144 extra writes a day.
        /// </summary>
        public const int FlushDelayMs = 600000;
        /// <summary>Record flag: the time is wall-clock ms since 1970 (else ms since power-on).</summary>
        public const int FlagWallClock = 1;

        /// <summary>Source: the lock machine (state, alarm).</summary>
        public const int SourceLock = 0;
        /// <summary>Source: the diagnosis engine (fault raised or cleared).</summary>
        public const int SourceDiagnosis = 1;
        /// <summary>Source: access (operations and refusals).</summary>
        public const int SourceAccess = 2;
        /// <summary>Source: the technician console.</summary>
        public const int SourceConsole = 3;
        /// <summary>Source: power (battery).</summary>
        public const int SourcePower = 4;
        /// <summary>Source: actuation (strokes).</summary>
        public const int SourceActuation = 5;
        /// <summary>Source: the self-test.</summary>
        public const int SourceSelftest = 6;
        /// <summary>Source: the LED/buzzer player.</summary>
        public const int SourceIndication = 7;

        private static readonly int[] SourceOfKind = { SourceLock, SourceLock, SourceDiagnosis, SourceDiagnosis, SourceIndication, SourceAccess, SourceAccess, SourceConsole, SourcePower, SourceActuation, SourceSelftest };
        private static readonly string[] SourceNames = { "lock", "diagnosis", "access", "console", "power", "actuation", "selftest", "indication" };

        private readonly RecordStore _store;
        private readonly int _pages;
        private readonly int _perPage;
        private readonly int _capacity;
        private readonly long[] _time;
        private readonly byte[] _flags;
        private readonly byte[] _kind;
        private readonly byte[] _source;
        private readonly int[] _code;
        private readonly int[] _detail;
        private readonly uint[] _pageNumberAt;
        private readonly bool[] _invalidCopyAt;
        private int _next;
        private int _count;
        // Records appended since Restore (this start), up to the capacity: the ones on this run's monotonic clock.
        private int _sinceRestore;
        private uint _pageNumber;
        private int _inPage;
        private bool _dirty;
        private long _flushDueMs = long.MaxValue;
        private long _wallOffsetMs;
        private bool _wallValid;
        private int _pageWrites;
        private int _writeFailures;
        private int _corruptPages;

        /// <summary>Creates the log over <paramref name="store"/>; its page count follows the storage size.</summary>
        public EventLog(RecordStore store, int recordSlots)
        {
            _store = store;
            int pages = recordSlots - FirstPageRecord;
            _pages = pages < 0 ? 0 : (pages > MaxPages ? MaxPages : pages);
            int per = (store.MaxPayload - PageHeaderBytes) / RecordBytes;
            _perPage = per > MaxRecordsPerPage ? MaxRecordsPerPage : (per < 1 ? 1 : per);
            _capacity = (_pages > 0 ? _pages : 2) * _perPage;
            _time = new long[_capacity];
            _flags = new byte[_capacity];
            _kind = new byte[_capacity];
            _source = new byte[_capacity];
            _code = new int[_capacity];
            _detail = new int[_capacity];
            _pageNumberAt = new uint[_pages > 0 ? _pages : 1];
            _invalidCopyAt = new bool[_pages > 0 ? _pages : 1];
        }

        /// <summary>Pages in the flash ring (0: the log is RAM-only).</summary>
        public int Pages { get { return _pages; } }
        /// <summary>Records per page.</summary>
        public int RecordsPerPage { get { return _perPage; } }
        /// <summary>Records held in RAM (at most <see cref="Capacity"/>).</summary>
        public int Count { get { return _count; } }
        /// <summary>RAM ring size: every page of the flash ring.</summary>
        public int Capacity { get { return _capacity; } }
        /// <summary>Newest records guaranteed to survive a page wrap: all pages but the one being overwritten.</summary>
        public int GuaranteedRecords { get { return (_pages > 1 ? _pages - 1 : 1) * _perPage; } }
        /// <summary>Page writes since start-up.</summary>
        public int PageWrites { get { return _pageWrites; } }
        /// <summary>Page writes that failed since start-up.</summary>
        public int WriteFailures { get { return _writeFailures; } }
        /// <summary>Pages found corrupt at restore.</summary>
        public int CorruptPages { get { return _corruptPages; } }
        /// <summary>Records not yet written to flash.</summary>
        public bool Dirty { get { return _dirty; } }
        /// <summary>Number of the page records are appended to.</summary>
        public uint CurrentPageNumber { get { return _pageNumber; } }
        /// <summary>When the log next wants to write (long.MaxValue when nothing is pending).</summary>
        public long NextFlushMs { get { return _flushDueMs; } }
        /// <summary>True once the wall clock has been set (console <c>set clock</c>).</summary>
        public bool WallClockValid { get { return _wallValid; } }

        /// <summary>Sets the wall clock: <paramref name="wallMsAtNow"/> is ms since 1970 at monotonic <paramref name="nowMs"/>.</summary>
        public void SetWallClock(long nowMs, long wallMsAtNow)
        {
            _wallOffsetMs = wallMsAtNow - nowMs;
            _wallValid = true;
            // The records this start appended before the clock was known (the boot's own: lock state, battery, self-test)
            // carry ms on the same monotonic clock, so their wall time is now known exactly: stamp them too. Only those
            // still in the current page, which the next write rewrites whole, so flash and RAM keep the same records.
            int n = _sinceRestore < _inPage ? _sinceRestore : _inPage;
            bool stamped = false;
            for (int age = 0; age < n; age++)
            {
                int i = (_next - 1 - age + 2 * _capacity) % _capacity;
                if ((_flags[i] & FlagWallClock) != 0) continue;
                _time[i] += _wallOffsetMs;
                _flags[i] |= FlagWallClock;
                stamped = true;
            }
            if (stamped)
            {
                _dirty = true;
                long due = nowMs + FlushDelayMs;
                if (due < _flushDueMs) _flushDueMs = due;
            }
        }

        /// <summary>Wall-clock ms since 1970 at monotonic <paramref name="nowMs"/> (only meaningful when <see cref="WallClockValid"/>).</summary>
        public long WallMs(long nowMs) { return nowMs + _wallOffsetMs; }

        /// <summary>Name of a record source.</summary>
        public static string SourceName(int source)
        {
            return source >= 0 && source < SourceNames.Length ? SourceNames[source] : "unknown";
        }

        /// <summary>
        /// Reads every page back at start-up, oldest page first, into the RAM ring and continues the newest
        /// page. Returns the number of corrupt pages (each also raised as <c>storage_fault</c> by the caller);
        /// a corrupt page is left as it is (never silently overwritten) until the ring wraps onto it.
        /// </summary>
        public int Restore(DiagnosisEngine diagnosis, long nowMs)
        {
            _next = 0;
            _count = 0;
            _sinceRestore = 0;
            _inPage = 0;
            _pageNumber = 0;
            _corruptPages = 0;
            _dirty = false;
            _flushDueMs = long.MaxValue;
            if (_pages == 0) return 0;
            bool any = false;
            uint newest = 0;
            for (int p = 0; p < _pages; p++)
            {
                int len;
                LoadResult r = _store.Load(FirstPageRecord + p, PageVersion, out len);
                _pageNumberAt[p] = uint.MaxValue;
                _invalidCopyAt[p] = _store.LastLoadInvalidCopies > 0;
                if (r == LoadResult.Corrupt || (r == LoadResult.Loaded && !HeaderValid(len, p)))
                {
                    _corruptPages++;
                    diagnosis.Raise(nowMs, FaultCode.StorageFault, FirstPageRecord + p);
                    continue;
                }
                if (r != LoadResult.Loaded) continue;
                uint n = ReadPageNumber();
                _pageNumberAt[p] = n;
                if (!any || n > newest) newest = n;
                any = true;
            }
            if (!any) return _corruptPages;
            // A torn write can only have hit the newest page (a partial rewrite) or the one after it (a new
            // page): a bad copy anywhere else is bit rot, reported even though the other copy still reads.
            for (int p = 0; p < _pages; p++)
            {
                if (!_invalidCopyAt[p] || _pageNumberAt[p] == uint.MaxValue) continue;
                if (p == (int)(newest % (uint)_pages) || p == (int)((newest + 1) % (uint)_pages)) continue;
                _corruptPages++;
                diagnosis.Raise(nowMs, FaultCode.StorageFault, FirstPageRecord + p);
            }
            // Oldest page first. After a torn write of a new page, the page it was to replace is still
            // intact and still read, so nothing that was durable before the cut is dropped here.
            uint last = 0;
            bool haveLast = false;
            for (int taken = 0; taken < _pages; taken++)
            {
                int pick = -1;
                for (int p = 0; p < _pages; p++)
                {
                    uint n = _pageNumberAt[p];
                    if (n == uint.MaxValue || (haveLast && n <= last)) continue;
                    if (pick < 0 || n < _pageNumberAt[pick]) pick = p;
                }
                if (pick < 0) break;
                last = _pageNumberAt[pick];
                haveLast = true;
                int len;
                if (_store.Load(FirstPageRecord + pick, PageVersion, out len) != LoadResult.Loaded) continue;
                int records = _store.Buffer[RecordStore.HeaderBytes + 4];
                for (int i = 0; i < records; i++) DecodeInto(RecordStore.HeaderBytes + PageHeaderBytes + i * RecordBytes);
                if (last == newest)
                {
                    _pageNumber = last;
                    _inPage = records;
                }
            }
            if (_inPage >= _perPage)
            {
                _pageNumber++;
                _inPage = 0;
            }
            return _corruptPages;
        }

        /// <summary>Appends an event (no allocation). Important events ask for an early write.</summary>
        public void Append(long nowMs, LockEventKind kind, int code, int detail)
        {
            if (kind == LockEventKind.Indication) return;
            if (_inPage >= _perPage)
            {
                // The full page could not be written yet (motor running): write it now rather than lose it.
                WritePage();
                _pageNumber++;
                _inPage = 0;
            }
            int k = (int)kind;
            _time[_next] = _wallValid ? nowMs + _wallOffsetMs : nowMs;
            _flags[_next] = (byte)(_wallValid ? FlagWallClock : 0);
            _kind[_next] = (byte)k;
            _source[_next] = (byte)(k >= 0 && k < SourceOfKind.Length ? SourceOfKind[k] : SourceLock);
            _code[_next] = code;
            _detail[_next] = detail;
            _next = (_next + 1) % _capacity;
            if (_count < _capacity) _count++;
            if (_sinceRestore < _capacity) _sinceRestore++;
            _inPage++;
            _dirty = true;
            // Who opened the door, and every refused code, must outlive a battery pull (the owner's audit trail; a brute
            // forcer pulling the pack would otherwise erase his attempts): operations and refusals are written at the next
            // idle tick like faults. At 10 operations a day that is 10 more page writes (docs/diagnosis.md, flash wear).
            bool important = kind == LockEventKind.Fault || kind == LockEventKind.Alarm || kind == LockEventKind.Selftest
                || kind == LockEventKind.Operation || kind == LockEventKind.OperationError;
            long due = important || _inPage >= _perPage ? nowMs : nowMs + FlushDelayMs;
            if (due < _flushDueMs) _flushDueMs = due;
        }

        /// <summary>Writes the current page when due (call from the tick while the motor is idle).</summary>
        public void Poll(long nowMs)
        {
            if (nowMs < _flushDueMs) return;
            Flush();
        }

        /// <summary>Writes the current page now if it holds unwritten records (before a reboot). False on a write error.</summary>
        public bool Flush()
        {
            _flushDueMs = long.MaxValue;
            if (!_dirty) return true;
            bool ok = WritePage();
            if (_inPage >= _perPage)
            {
                _pageNumber++;
                _inPage = 0;
            }
            return ok;
        }

        /// <summary>Reads record <paramref name="age"/> (0 = newest).</summary>
        public void Get(int age, out long timeMs, out int flags, out LockEventKind kind, out int source, out int code, out int detail)
        {
            if (age < 0 || age >= _count) throw new System.ArgumentOutOfRangeException("age");
            int i = (_next - 1 - age + 2 * _capacity) % _capacity;
            timeMs = _time[i];
            flags = _flags[i];
            kind = (LockEventKind)_kind[i];
            source = _source[i];
            code = _code[i];
            detail = _detail[i];
        }

        private bool WritePage()
        {
            if (_pages == 0)
            {
                _dirty = false;
                return true;
            }
            byte[] b = _store.Buffer;
            int o = RecordStore.HeaderBytes;
            uint n = _pageNumber;
            b[o] = (byte)(n & 0xFF);
            b[o + 1] = (byte)((n >> 8) & 0xFF);
            b[o + 2] = (byte)((n >> 16) & 0xFF);
            b[o + 3] = (byte)((n >> 24) & 0xFF);
            b[o + 4] = (byte)_inPage;
            b[o + 5] = (byte)RecordBytes;
            o += PageHeaderBytes;
            // The page's records are the newest _inPage records of the ring, oldest first.
            for (int r = 0; r < _inPage; r++)
            {
                int i = (_next - _inPage + r + 2 * _capacity) % _capacity;
                Encode(b, o + r * RecordBytes, i);
            }
            int p = (int)(n % (uint)_pages);
            _pageWrites++;
            bool ok = _store.Save(FirstPageRecord + p, PageVersion, PageHeaderBytes + _inPage * RecordBytes);
            if (ok)
            {
                _pageNumberAt[p] = n;
                _dirty = false;
            }
            else
            {
                _writeFailures++;
            }
            return ok;
        }

        private void Encode(byte[] b, int o, int i)
        {
            long t = _time[i];
            for (int k = 0; k < 6; k++) b[o + k] = (byte)((t >> (8 * k)) & 0xFF);
            b[o + 6] = _flags[i];
            b[o + 7] = _kind[i];
            b[o + 8] = _source[i];
            b[o + 9] = (byte)(_code[i] & 0xFF);
            b[o + 10] = (byte)((_code[i] >> 8) & 0xFF);
            b[o + 11] = 0;
            int d = _detail[i];
            b[o + 12] = (byte)(d & 0xFF);
            b[o + 13] = (byte)((d >> 8) & 0xFF);
            b[o + 14] = (byte)((d >> 16) & 0xFF);
            b[o + 15] = (byte)((d >> 24) & 0xFF);
        }

        private void DecodeInto(int o)
        {
            byte[] b = _store.Buffer;
            long t = 0;
            for (int k = 0; k < 6; k++) t |= (long)b[o + k] << (8 * k);
            _time[_next] = t;
            _flags[_next] = b[o + 6];
            _kind[_next] = b[o + 7];
            _source[_next] = b[o + 8];
            _code[_next] = (short)(b[o + 9] | (b[o + 10] << 8));
            _detail[_next] = b[o + 12] | (b[o + 13] << 8) | (b[o + 14] << 16) | (b[o + 15] << 24);
            _next = (_next + 1) % _capacity;
            if (_count < _capacity) _count++;
        }

        private uint ReadPageNumber()
        {
            byte[] b = _store.Buffer;
            int o = RecordStore.HeaderBytes;
            return (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));
        }

        private bool HeaderValid(int payloadLength, int position)
        {
            if (payloadLength < PageHeaderBytes) return false;
            byte[] b = _store.Buffer;
            int o = RecordStore.HeaderBytes;
            int records = b[o + 4];
            if (b[o + 5] != RecordBytes || records > _perPage || payloadLength != PageHeaderBytes + records * RecordBytes) return false;
            return ReadPageNumber() % (uint)_pages == (uint)position;
        }
    }
}
