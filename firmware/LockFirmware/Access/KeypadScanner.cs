using LockFirmware.Hal;
using LockFirmware.Runtime;

namespace LockFirmware.Access
{
    /// <summary>
    /// Scans the 3x4 matrix every <see cref="ScanPeriodMs"/> while keys are in use and debounces each key
    /// (a press counts once its contact has read the same for <see cref="DebounceScans"/> scans: 20 ms,
    /// inside the 5-50 ms keypad debounce range of the shared lock-domain notes). Between uses it leaves
    /// every row driven so that any press raises a column and wakes the MCU; it then costs nothing.
    /// </summary>
    public sealed class KeypadScanner
    {
        /// <summary>Scan period while active (about 10 ms, the usual keypad scan period).</summary>
        public const int ScanPeriodMs = 10;
        /// <summary>Scans a change must persist for before it counts.</summary>
        public const int DebounceScans = 2;
        /// <summary>Scans with no key down after which scanning stops (0.5 s).</summary>
        public const int IdleScansBeforeStop = 50;

        private readonly IKeypadMatrix _matrix;
        private int _stableMask;
        private int _candidateMask;
        private int _candidateScans;
        private int _idleScans;
        private bool _scanning;
        private long _nextScanMs = long.MaxValue;

        /// <summary>Creates a scanner over <paramref name="matrix"/> and puts it in its idle (wake) configuration.</summary>
        public KeypadScanner(IKeypadMatrix matrix)
        {
            _matrix = matrix;
            _matrix.DriveAllRows();
        }

        /// <summary>True while scanning.</summary>
        public bool Scanning { get { return _scanning; } }

        /// <summary>
        /// True when a key reads down while the scanner is idle: its press interrupt has not been handled yet (a GPIO edge
        /// in the same instant as the poll). Deep sleep must not start then: the ext1 wake armed on a column already high
        /// wakes the MCU at once and the 0.8 s boot swallows the key and the ones typed after it.
        /// </summary>
        public bool KeyDownUnnoticed { get { return !_scanning && _matrix.ReadColumns() != 0; } }

        /// <summary>When the scanner next needs <see cref="Poll"/>.</summary>
        public long NextPollMs { get { return _scanning ? _nextScanMs : long.MaxValue; } }

        /// <summary>A keypad interrupt arrived: start scanning.</summary>
        public void Wake(long nowMs)
        {
            if (_scanning) return;
            _scanning = true;
            _idleScans = 0;
            _nextScanMs = nowMs;
        }

        /// <summary>Scans when due and posts a <see cref="QueuedEvent.KeyPressed"/> for each newly pressed key.</summary>
        public void Poll(long nowMs, EventQueue queue)
        {
            if (!_scanning || nowMs < _nextScanMs) return;
            _nextScanMs = nowMs + ScanPeriodMs;
            int mask = ScanMatrix();
            if (mask != _candidateMask)
            {
                _candidateMask = mask;
                _candidateScans = 1;
            }
            else if (_candidateScans < DebounceScans)
            {
                _candidateScans++;
            }
            if (_candidateScans >= DebounceScans && _candidateMask != _stableMask)
            {
                int pressed = _candidateMask & ~_stableMask;
                _stableMask = _candidateMask;
                for (int k = 0; k < BoardConfig.KeypadKeys.Length; k++)
                {
                    if ((pressed & (1 << k)) != 0) queue.Post(QueuedEvent.KeyPressed, BoardConfig.KeypadKeys[k]);
                }
            }
            if (mask == 0 && _stableMask == 0)
            {
                _idleScans++;
                if (_idleScans >= IdleScansBeforeStop)
                {
                    _scanning = false;
                    _nextScanMs = long.MaxValue;
                }
            }
            else
            {
                _idleScans = 0;
            }
        }

        private int ScanMatrix()
        {
            int mask = 0;
            for (int r = 0; r < BoardConfig.KeypadRows; r++)
            {
                _matrix.DriveRow(r);
                int cols = _matrix.ReadColumns();
                for (int c = 0; c < BoardConfig.KeypadColumns; c++)
                {
                    if ((cols & (1 << c)) != 0) mask |= 1 << (r * BoardConfig.KeypadColumns + c);
                }
            }
            _matrix.DriveAllRows();
            return mask;
        }
    }
}
