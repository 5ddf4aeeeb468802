using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Hal;
using LockFirmware.Runtime;
using LockFirmware.Storage;

namespace LockFirmware.Service
{
    /// <summary>
    /// The technician console (docs/console.md): reads bytes from the serial link on every tick into a line
    /// buffer, runs one command per line and replies with <c>key=value</c> lines ending in <c>OK</c> or
    /// <c>ERR code message</c>. Without login only help, status, diag, codes, version and login work; the
    /// technician credential unlocks the rest. Codes are never written to the link or the log: <c>codes</c>
    /// and <c>users list</c> print counts and slot numbers only, the line buffer is wiped after each line and each
    /// received byte as it is taken, and a login's credential is compared in the line buffer (never made a string).
    /// Idle ticks allocate nothing (the link read returns 0); handling a command may allocate strings.
    /// </summary>
    public sealed class ConsoleSession
    {
        /// <summary>Longest accepted line, characters (longer lines are rejected with ERR 413).</summary>
        public const int MaxLineChars = 120;
        /// <summary>A technician session ends after this long without a command, ms.</summary>
        public const int SessionTimeoutMs = 300000;
        /// <summary>Lines shown by <c>log</c> without a count.</summary>
        public const int DefaultLogLines = 20;

        /// <summary>ERR code: malformed line or bad arguments.</summary>
        public const int ErrBadRequest = 400;
        /// <summary>ERR code: the command needs the technician login.</summary>
        public const int ErrLoginRequired = 401;
        /// <summary>ERR code: wrong credential.</summary>
        public const int ErrWrongCredential = 403;
        /// <summary>ERR code: unknown command.</summary>
        public const int ErrUnknown = 404;
        /// <summary>ERR code: refused in the lock's current state (busy, mode, battery).</summary>
        public const int ErrRefused = 409;
        /// <summary>ERR code: line longer than <see cref="MaxLineChars"/>.</summary>
        public const int ErrTooLong = 413;
        /// <summary>ERR code: login throttled after too many wrong credentials.</summary>
        public const int ErrThrottled = 429;
        /// <summary>ERR code: storage write failed.</summary>
        public const int ErrStorage = 500;

        private static readonly string[] SeverityNames = { "notice", "warning", "critical" };

        private readonly LockController _lock;
        private readonly Board _board;
        private readonly ISerialLink _link;
        private readonly ConsoleWriter _out;
        private readonly TechnicianThrottle _throttle;
        private readonly TransitionTrace _trace;
        private readonly byte[] _readBuffer = new byte[64];
        private readonly char[] _line = new char[MaxLineChars];
        private int _length;
        // The current line's arguments in _line (after the command word and its spaces, trimmed), while it is handled.
        private int _argsFrom;
        private int _argsTo;
        private int _readPos;
        private int _readLen;
        private bool _overflow;
        private bool _badByte;
        private bool _lastWasCr;
        private ConsoleState _state = ConsoleState.Guest;
        private long _lastCommandMs;
        private int _commands;
        private int _errors;
        private IConsoleExtension _extension;

        /// <summary>Creates the session for <paramref name="controller"/> on <paramref name="board"/>'s console link.</summary>
        public ConsoleSession(LockController controller, Board board, RecordStore store, TransitionTrace trace)
        {
            _lock = controller;
            _board = board;
            _link = board.Console;
            _out = new ConsoleWriter(board.Console);
            _throttle = new TechnicianThrottle(store);
            _trace = trace;
        }

        /// <summary>Session state.</summary>
        public ConsoleState State { get { return _state; } }

        /// <summary>When <see cref="Poll"/> must run to end an idle technician session (long.MaxValue: none open).</summary>
        public long SessionEndsMs { get { return _state == ConsoleState.Technician ? _lastCommandMs + SessionTimeoutMs + 1 : long.MaxValue; } }
        /// <summary>The login throttle.</summary>
        public TechnicianThrottle Throttle { get { return _throttle; } }
        /// <summary>Lines handled since start-up.</summary>
        public int Commands { get { return _commands; } }
        /// <summary>Lines answered with ERR since start-up.</summary>
        public int Errors { get { return _errors; } }

        /// <summary>Adds host commands (the simulator's <c>sim</c> family).</summary>
        public void SetExtension(IConsoleExtension extension) { _extension = extension; }

        /// <summary>Start-up: restores the login throttle. Returns what was found (Corrupt raises storage_fault in the caller).</summary>
        public LoadResult Start(long nowMs)
        {
            return _throttle.Restore(nowMs);
        }

        /// <summary>Reads and handles whatever arrived (each tick). Allocates nothing when no byte is waiting.</summary>
        public void Poll(long nowMs)
        {
            _throttle.Poll(nowMs);
            // The idle session ends at its time, not at the next line: a technician who walks away without `logout` left the
            // lock awake (no deep sleep in a session) until someone typed again, a week of it drained a 9 % lithium pack
            // to `warning` (blind acceptance tests, 2026-11-28). The one place it ends: before the lines this poll reads.
            if (_state == ConsoleState.Technician && nowMs - _lastCommandMs > SessionTimeoutMs) SetState(nowMs, ConsoleState.Guest, TraceCause.EntryTimeout);
            if (_link == null) return;
            if (_state == ConsoleState.AwaitingSelftest)
            {
                if (_lock.SelfTest.Running) return;
                PrintSelftest();
                Reply(nowMs, true, 0, null);
                SetState(nowMs, ConsoleState.Technician, TraceCause.StrokeFinished);
            }
            while (_state != ConsoleState.AwaitingSelftest)
            {
                if (_readPos >= _readLen)
                {
                    _readPos = 0;
                    _readLen = _link.Read(_readBuffer, 0, _readBuffer.Length);
                    if (_readLen <= 0)
                    {
                        _readLen = 0;
                        return;
                    }
                }
                // Bytes after a line that started a self-test stay here until it has been answered. A byte is wiped as it
                // is taken: the receive buffer kept the last line typed (a code after users add, the credential after
                // login) until the next line overwrote it; now only the line buffer holds it, and only until its end.
                byte b = _readBuffer[_readPos];
                _readBuffer[_readPos++] = 0;
                OnByte(nowMs, b);
            }
        }

        private void OnByte(long nowMs, byte b)
        {
            if (b == (byte)'\n' && _lastWasCr)
            {
                _lastWasCr = false;
                return;
            }
            _lastWasCr = b == (byte)'\r';
            if (b == (byte)'\n' || b == (byte)'\r')
            {
                EndOfLine(nowMs);
                return;
            }
            if (b == 8 || b == 127)
            {
                if (_length > 0 && !_overflow) _length--;
                return;
            }
            if (b < 32 || b > 126)
            {
                _badByte = true;
                return;
            }
            if (_length >= MaxLineChars)
            {
                _overflow = true;
                return;
            }
            _line[_length++] = (char)b;
        }

        private void EndOfLine(long nowMs)
        {
            HandleLine(nowMs);
            // Wipe the buffer once the line is handled: a credential or code typed on it must not linger in RAM.
            for (int i = 0; i < _line.Length; i++) _line[i] = '\0';
            _length = 0;
            _overflow = false;
            _badByte = false;
            _argsFrom = 0;
            _argsTo = 0;
        }

        /// <summary>
        /// Splits the line in the line buffer into the command word (a string) and the arguments (a range of the buffer,
        /// <see cref="_argsFrom"/>..<see cref="_argsTo"/>, read as a string only by the commands whose arguments hold no
        /// code): <c>login</c> checks the credential in the buffer itself, <c>users</c> makes one string of the code it
        /// stores or looks up, so no other copy of a code is made (docs/console.md).
        /// </summary>
        private void HandleLine(long nowMs)
        {
            _commands++;
            if (_overflow)
            {
                Fail(nowMs, ErrTooLong, "line longer than " + MaxLineChars.ToString() + " characters");
                return;
            }
            if (_badByte)
            {
                Fail(nowMs, ErrBadRequest, "non-printable character in line");
                return;
            }
            // An idle session has already ended at the top of this poll (Poll), before any line of it was read.
            _lastCommandMs = nowMs;
            // Only printable bytes reach the buffer, so a space is the only white space to trim.
            int from = SkipSpaces(0, _length);
            int to = _length;
            while (to > from && _line[to - 1] == ' ') to--;
            int space = WordEnd(from, to);
            _argsFrom = SkipSpaces(space, to);
            _argsTo = to;
            Execute(nowMs, new string(_line, from, space - from));
        }

        private int SkipSpaces(int from, int to)
        {
            while (from < to && _line[from] == ' ') from++;
            return from;
        }

        private int WordEnd(int from, int to)
        {
            while (from < to && _line[from] != ' ') from++;
            return from;
        }

        /// <summary>The arguments of the current line as a string (commands whose arguments hold no code).</summary>
        private string Args()
        {
            return _argsTo > _argsFrom ? new string(_line, _argsFrom, _argsTo - _argsFrom) : "";
        }

        /// <summary>True when the arguments' first word is <paramref name="word"/>.</summary>
        private bool FirstWordIs(string word)
        {
            int end = _argsFrom + word.Length;
            if (end > _argsTo || (end < _argsTo && _line[end] != ' ')) return false;
            for (int i = 0; i < word.Length; i++)
            {
                if (_line[_argsFrom + i] != word[i]) return false;
            }
            return true;
        }

        private void Execute(long nowMs, string command)
        {
            if (command.Length == 0)
            {
                Reply(nowMs, true, 0, null);
                return;
            }
            if (IsPublic(command) && !ArgumentsFit(nowMs, command)) return;
            switch (command)
            {
                case "help": Help(nowMs); return;
                case "status": Status(nowMs); return;
                case "diag": Diag(nowMs); return;
                case "codes": Codes(nowMs); return;
                case "version": _out.Pair("firmware", FirmwareInfo.Version); Reply(nowMs, true, 0, null); return;
                case "login": Login(nowMs); return;
            }
            if (IsPrivileged(command))
            {
                if (_state != ConsoleState.Technician)
                {
                    Fail(nowMs, ErrLoginRequired, "login required");
                    return;
                }
                Privileged(nowMs, command);
                return;
            }
            if (_extension != null && _extension.TryHandle(command, Args(), _out))
            {
                _out.Flush();
                _lock.OnLockEvent(nowMs, LockEventKind.Console, 0, 0);
                return;
            }
            // Commands are lower-case words (contracts.md) and are matched exactly, as the credential is (a "LOGIN" is no
            // login: ConsoleAuthProbeTests); a word with capitals (a terminal left in caps lock) is told so.
            Fail(nowMs, ErrUnknown, HasCapital(command) ? "unknown command (commands are lower case; try help)" : "unknown command (try help)");
        }

        private static bool HasCapital(string word)
        {
            for (int i = 0; i < word.Length; i++)
            {
                if (word[i] >= 'A' && word[i] <= 'Z') return true;
            }
            return false;
        }

        private static bool IsPublic(string command)
        {
            switch (command)
            {
                // login is checked after its throttle (Login), as before.
                case "help": case "status": case "diag": case "codes": case "version":
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// One rule for every command: words beyond what it takes are an error (<c>ERR 400</c> with its usage), never
        /// ignored: a technician who typed <c>status extra</c> or <c>users add 1234 5678</c> meant something else. The
        /// message does not repeat the words (they may hold a code).
        /// </summary>
        private bool ArgumentsFit(long nowMs, string command)
        {
            int words = 0;
            for (int i = _argsFrom; i < _argsTo; i++)
            {
                if (_line[i] != ' ' && (i == _argsFrom || _line[i - 1] == ' ')) words++;
            }
            if (words <= MaxWords(command)) return true;
            Fail(nowMs, ErrBadRequest, "too many arguments (usage: " + Usage(command) + ")");
            return false;
        }

        private int MaxWords(string command)
        {
            switch (command)
            {
                case "login": case "log": case "stroke": case "get": case "mode": return 1;
                case "set": return 2;
                case "users": return FirstWordIs("list") ? 1 : 2;
                default: return 0;
            }
        }

        private static string Usage(string command)
        {
            switch (command)
            {
                case "login": return "login <credential>";
                case "log": return "log [N]";
                case "stroke": return "stroke [1-4]";
                case "get": return "get <setting>";
                case "set": return "set <setting> <value>";
                case "mode": return "mode <name>";
                case "users": return "users list | users add <code> | users remove <slot|code> | users master <code>";
                default: return command;
            }
        }

        /// <summary>The settings <c>get</c> and <c>set</c> take, as the replies list them.</summary>
        private const string SettingNames = "autorelock_s volume led mode door_ajar_s adc_gain battery_chemistry clock";

        /// <summary>The operating modes <c>mode</c> and <c>set mode</c> take, as the replies list them.</summary>
        private const string ModeNames = "normal|vacation|privacy|passage";

        private static bool IsPrivileged(string command)
        {
            switch (command)
            {
                case "log": case "trace": case "stroke": case "battery": case "selftest": case "calibrate": case "get": case "set":
                case "users": case "mode": case "lock": case "unlock": case "factory-reset": case "reboot": case "logout":
                    return true;
                default:
                    return false;
            }
        }

        private void Privileged(long nowMs, string command)
        {
            if (!ArgumentsFit(nowMs, command)) return;
            // A missing word is the usage, as for set and users (docs/console.md): a bare `get` used to say "unknown
            // setting" although none was named, a bare `mode` "mode must be ..." (hunt7).
            if (_argsTo <= _argsFrom && (command == "get" || command == "mode"))
            {
                Fail(nowMs, ErrBadRequest, "usage: " + Usage(command) + (command == "get" ? " (" + SettingNames + ")" : " (" + ModeNames + ")"));
                return;
            }
            // Not for users: its arguments may hold a code (Users reads them from the line buffer).
            string args = command == "users" ? "" : Args();
            switch (command)
            {
                case "log": Log(nowMs, args); return;
                case "trace": Trace(nowMs); return;
                case "stroke": Stroke(nowMs, args); return;
                case "battery": Battery(nowMs); return;
                case "selftest":
                    // When one is already running (the power-on test), wait for it and print its result.
                    if (!_lock.SelfTest.Running) _lock.RunSelfTest();
                    SetState(nowMs, ConsoleState.AwaitingSelftest, TraceCause.Key);
                    return;
                case "calibrate":
                    if (!_lock.StartCalibration())
                    {
                        // Refused with the drive idle: for the pack (LockController.StartCalibration), as lock and unlock say below.
                        Fail(nowMs, ErrRefused, _lock.Drive.Busy ? "motor busy" : "calibration refused: insufficient_battery (the pack is kept for unlocking)");
                        return;
                    }
                    _out.Pair("calibration", "started");
                    Reply(nowMs, true, 0, null);
                    return;
                case "get": Get(nowMs, args); return;
                case "set": Set(nowMs, args); return;
                case "users": Users(nowMs); return;
                case "mode": Set(nowMs, "mode " + args); return;
                case "lock":
                case "unlock":
                    bool started = command == "lock" ? _lock.RequestLock(OperationSource.Console) : _lock.RequestUnlock(OperationSource.Console);
                    if (!started)
                    {
                        // Say which refusal (docs/console.md, 409): "operation refused" alone left the technician to
                        // guess between a stroke still running and the battery reserve (hunt7).
                        bool busy = _lock.Drive.Busy || _lock.MachineState == LockMachineState.Calibrating;
                        Fail(nowMs, ErrRefused, busy ? "operation refused: motor busy" : "operation refused: insufficient_battery (the pack is kept for unlocking)");
                        return;
                    }
                    _out.Pair("operation", command);
                    _out.Pair("lock_state", Names.LockState(_lock.LockState));
                    Reply(nowMs, true, 0, null);
                    return;
                case "factory-reset": FactoryReset(nowMs); return;
                case "reboot":
                    _out.Pair("reboot", "now");
                    Reply(nowMs, true, 0, null);
                    _lock.Reboot();
                    return;
                case "logout":
                    SetState(nowMs, ConsoleState.Guest, TraceCause.EntryTimeout);
                    _out.Pair("session", "guest");
                    Reply(nowMs, true, 0, null);
                    return;
            }
        }

        private void Help(long nowMs)
        {
            _out.Pair("commands", "help status diag codes version login");
            _out.Pair("technician_commands", "log trace stroke battery selftest calibrate get set users mode lock unlock factory-reset reboot logout");
            _out.Pair("settings", "autorelock_s volume led mode door_ajar_s adc_gain battery_chemistry clock");
            _out.Pair("session", _state == ConsoleState.Guest ? "guest" : "technician");
            Reply(nowMs, true, 0, null);
        }

        private void Status(long nowMs)
        {
            _out.Pair("lock_state", Names.LockState(_lock.LockState));
            _out.Pair("door_state", Names.DoorState(_lock.DoorState));
            _out.Pair("battery_mv", _lock.Battery.RestMillivolts);
            _out.Pair("battery_level", Names.BatteryLevel(_lock.Battery.Level));
            _out.Pair("faults", ActiveFaultList());
            _out.Pair("calibrated", _lock.Calibration.Valid ? "true" : "false");
            _out.Pair("mode", Names.Mode(_lock.Settings.Mode));
            _out.Pair("uptime_s", _lock.UptimeMs / 1000);
            _out.Pair("firmware", FirmwareInfo.Version);
            _out.Pair("clock_set", _lock.Log.WallClockValid ? "true" : "false");
            _out.Pair("session", _state == ConsoleState.Guest ? "guest" : "technician");
            Reply(nowMs, true, 0, null);
        }

        private string ActiveFaultList()
        {
            string list = "";
            DiagnosisEngine d = _lock.Diagnosis;
            for (int i = 0; i < FaultCatalogue.Count; i++)
            {
                if (!d.IsActive((FaultCode)i)) continue;
                list = list.Length == 0 ? FaultCatalogue.Name((FaultCode)i) : list + "," + FaultCatalogue.Name((FaultCode)i);
            }
            return list.Length == 0 ? "none" : list;
        }

        private void Diag(long nowMs)
        {
            DiagnosisEngine d = _lock.Diagnosis;
            _out.Pair("faults_active", d.ActiveCount);
            for (int i = 0; i < FaultCatalogue.Count; i++)
            {
                FaultCode c = (FaultCode)i;
                if (!d.IsActive(c)) continue;
                _out.Line("fault=" + FaultCatalogue.Name(c)
                    + " number=" + FaultCatalogue.Number(c).ToString()
                    + " severity=" + SeverityNames[(int)FaultCatalogue.Severity(c)]
                    + " count=" + d.Count(c).ToString()
                    + " first_seen_s=" + (d.FirstSeenMs(c) / 1000).ToString()
                    + " last_seen_s=" + (d.LastSeenMs(c) / 1000).ToString()
                    + " detail=" + d.Detail(c).ToString()
                    + " remedy_step=" + FaultCatalogue.RemedyStep(c).ToString()
                    + " remedy=" + FaultCatalogue.Remedy(c));
            }
            int batteryCounts = _board.Battery.ReadCounts();
            int currentCounts = _board.MotorCurrent.ReadCounts();
            _out.Pair("battery_raw", batteryCounts);
            _out.Pair("battery_mv_now", _lock.Scale.BatteryMillivolts(batteryCounts));
            _out.Pair("motor_current_raw", currentCounts);
            _out.Pair("motor_ma_now", _lock.Scale.MotorMilliamps(currentCounts));
            _out.Pair("limit_extended", _board.LimitExtended.ReadHigh() ? "open" : "closed");
            _out.Pair("limit_retracted", _board.LimitRetracted.ReadHigh() ? "open" : "closed");
            _out.Pair("door_reed", _board.Door.ReadHigh() ? "open" : "closed");
            int last = _lock.SelfTest.LastResult;
            _out.Pair("selftest", last < 0 ? "not_run" : (last == 0 ? "pass" : "fail"));
            _out.Pair("selftest_failed_bits", last < 0 ? 0 : last);
            Reply(nowMs, true, 0, null);
        }

        private void Codes(long nowMs)
        {
            Credentials c = _lock.Credentials;
            _out.Pair("user_codes", c.UserCount);
            _out.Pair("user_slots", Credentials.MaxUsers);
            _out.Pair("master", c.HasMaster ? "set" : "unset");
            _out.Pair("technician", c.HasTechnician ? "set" : "unset");
            Reply(nowMs, true, 0, null);
        }

        private void Login(long nowMs)
        {
            int remaining = _throttle.RemainingMs(nowMs);
            if (remaining > 0)
            {
                // Refused without looking at the credential, so a lockout cannot be probed.
                _out.Pair("retry_s", (remaining + 999) / 1000);
                Fail(nowMs, ErrThrottled, "too many wrong logins");
                return;
            }
            // Not checked, so it does not count as a wrong credential.
            if (!ArgumentsFit(nowMs, "login")) return;
            if (_argsTo == _argsFrom)
            {
                Fail(nowMs, ErrBadRequest, "usage: " + Usage("login"));
                return;
            }
            // Compared in the line buffer: the credential never becomes a string that could not be wiped.
            if (!_lock.Credentials.MatchesTechnician(_line, _argsFrom, _argsTo - _argsFrom))
            {
                bool started = _throttle.OnWrong(nowMs);
                if (started) _out.Pair("retry_s", (_throttle.RemainingMs(nowMs) + 999) / 1000);
                Fail(nowMs, started ? ErrThrottled : ErrWrongCredential, started ? "too many wrong logins" : "wrong credential");
                return;
            }
            _throttle.OnGood(nowMs);
            SetState(nowMs, ConsoleState.Technician, TraceCause.CodeAccepted);
            _out.Pair("session", "technician");
            Reply(nowMs, true, 0, null);
        }

        private void Log(long nowMs, string args)
        {
            EventLog log = _lock.Log;
            int n = DefaultLogLines;
            if (args.Length > 0 && !TryParseInt(args, out n) || n < 1)
            {
                Fail(nowMs, ErrBadRequest, "usage: log [N] with N >= 1");
                return;
            }
            if (n > log.Count) n = log.Count;
            _out.Pair("records", n);
            for (int age = n - 1; age >= 0; age--)
            {
                long t;
                int flags, source, code, detail;
                LockEventKind kind;
                log.Get(age, out t, out flags, out kind, out source, out code, out detail);
                _out.Line("t_ms=" + t.ToString()
                    + " wall=" + ((flags & EventLog.FlagWallClock) != 0 ? "1" : "0")
                    + " kind=" + Names.EventKind(kind)
                    + " source=" + EventLog.SourceName(source)
                    + " code=" + CodeName(kind, code)
                    + " detail=" + detail.ToString());
            }
            Reply(nowMs, true, 0, null);
        }

        /// <summary>Name of an event's code for its kind (numbers where no name table exists).</summary>
        public static string CodeName(LockEventKind kind, int code)
        {
            switch (kind)
            {
                case LockEventKind.State: return Names.LockState((LockState)code);
                case LockEventKind.Alarm: return Names.Alarm((AlarmCode)code);
                case LockEventKind.Fault:
                case LockEventKind.FaultCleared: return FaultCatalogue.Name((FaultCode)code);
                case LockEventKind.Operation: return Names.Operation((LockOperation)code);
                case LockEventKind.OperationError: return Names.OperationError((OperationError)code);
                case LockEventKind.Console: return code == 0 ? "ok" : "error";
                case LockEventKind.Battery: return Names.BatteryLevel((LockFirmware.Power.BatteryLevel)code);
                case LockEventKind.Stroke: return Names.StrokeEnd((LockFirmware.Actuation.StrokeEnd)code);
                case LockEventKind.Selftest: return code == 0 ? "pass" : "fail";
                default: return code.ToString();
            }
        }

        private void Trace(long nowMs)
        {
            _out.Pair("transitions", _trace.Count);
            for (int age = _trace.Count - 1; age >= 0; age--)
            {
                long t;
                TraceMachine m;
                int from, to;
                TraceCause cause;
                _trace.Get(age, out t, out m, out from, out to, out cause);
                _out.Line("t_ms=" + t.ToString() + " machine=" + TraceNames.Machine(m) + " from=" + TraceNames.State(m, from)
                    + " to=" + TraceNames.State(m, to) + " cause=" + TraceNames.Cause(cause));
            }
            Reply(nowMs, true, 0, null);
        }

        /// <summary>
        /// <c>stroke [N]</c>: the newest N strokes held (default 1, at most <see cref="StrokeHistory.Capacity"/>), newest
        /// first, each as one summary line and one <c>trace_ma=</c> line of comma-separated current samples (mA, one per
        /// 5 ms sample). <c>persisted=true</c> marks the stroke read back from flash at start-up.
        /// </summary>
        private void Stroke(long nowMs, string args)
        {
            int wanted = 1;
            if (args.Length > 0 && (!TryParseInt(args, out wanted) || wanted < 1 || wanted > StrokeHistory.Capacity))
            {
                Fail(nowMs, ErrBadRequest, "usage: stroke [1-4]");
                return;
            }
            StrokeHistory h = _lock.Strokes;
            int n = h.Count < wanted ? h.Count : wanted;
            _out.Pair("strokes", n);
            for (int age = 0; age < n; age++)
            {
                StrokeRecord r = h.Get(age);
                _out.Line("direction=" + (r.Direction == StrokeDirection.Extend ? "extend" : "retract") + " source=" + Names.Source(r.Source)
                    + " end=" + Names.StrokeEnd(r.End) + " attempts=" + r.Attempts.ToString() + " duration_ms=" + r.DurationMs.ToString()
                    + " attempt_ms=" + r.AttemptMs.ToString() + " peak_ma=" + r.PeakMilliamps.ToString() + " mean_ma=" + r.MeanMilliamps.ToString()
                    + " running_ma=" + r.RunningMilliamps.ToString() + " energy_mj=" + r.EnergyMillijoules.ToString()
                    + " stall_energy_mj=" + r.StallEnergyMillijoules.ToString() + " stop_tenths_mm=" + r.StopTenthsMm.ToString()
                    + " stall_to_cut_ms=" + r.StallToCutMs.ToString() + " rest_mv=" + r.RestBatteryMillivolts.ToString()
                    + " door=" + (r.DoorClosed ? "closed" : "open") + " motor_mohm=" + r.MotorMilliohms.ToString()
                    + " samples=" + r.TraceLength.ToString() + " persisted=" + (h.FromStorage(age) ? "true" : "false"));
                _out.Text("trace_ma=");
                for (int i = 0; i < r.TraceLength; i++)
                {
                    if (i > 0) _out.Text(",");
                    _out.Text((r.Trace[i] * StrokeRecord.TraceMilliampsPerStep).ToString());
                }
                _out.Text("\n");
            }
            Reply(nowMs, true, 0, null);
        }

        private void Battery(long nowMs)
        {
            _out.Pair("battery_mv", _lock.Battery.RestMillivolts);
            _out.Pair("battery_level", Names.BatteryLevel(_lock.Battery.Level));
            _out.Pair("battery_raw", _lock.Battery.LastRawCounts);
            _out.Pair("plausible", _lock.Battery.Plausible ? "true" : "false");
            LockFirmware.Power.BatteryEstimator est = _lock.Battery.Estimator;
            _out.Pair("chemistry", Names.Chemistry(est.Chemistry));
            _out.Pair("pack_milliohms", est.PackMilliohms);
            _out.Pair("state_of_charge_permille", est.StateOfChargePermille);
            _out.Pair("remaining_operations", est.RemainingPairs);
            _out.Pair("remaining_days", est.RemainingDays);
            _out.Pair("locks_reserved", est.LocksReserved ? "true" : "false");
            _out.Pair("pack_tests", est.PackTests);
            Reply(nowMs, true, 0, null);
        }

        private void PrintSelftest()
        {
            SelfTest st = _lock.SelfTest;
            int failed = st.LastResult;
            _out.Pair("selftest", failed == 0 ? "pass" : "fail");
            _out.Pair("failed_bits", failed);
            // The bridge checks stand on the pulse: without it they were not run (they read "pass" beside a current channel
            // that failed, with the start-up pulse's mA printed as this test's: blind acceptance tests, 2026-11-28).
            bool pulsed = st.PulseMeasured;
            for (int bit = 0; bit < SelfTest.CheckCount; bit++)
            {
                int mask = 1 << bit;
                bool needsPulse = mask == SelfTest.CheckBridge || mask == SelfTest.CheckShort;
                bool notRun = needsPulse && !pulsed || mask == SelfTest.CheckCurrentAdc && st.CurrentDeferred;
                _out.Pair("check_" + SelfTest.CheckName(bit), (failed & mask) != 0 ? "fail" : notRun ? "not_run" : "pass");
            }
            if (pulsed) _out.Pair("pulse_ma", st.LastPulseMilliamps);
            else _out.Pair("pulse_ma", "not_run");
            _out.Pair("current_bias_mv", st.LastBiasMillivolts);
            _out.Pair("battery_mv", st.LastBatteryMillivolts);
        }

        private void Get(long nowMs, string name)
        {
            LockSettings s = _lock.Settings;
            switch (name)
            {
                case "autorelock_s": _out.Pair(name, s.AutoRelockMs / 1000); break;
                case "volume": _out.Pair(name, s.VolumePermille); break;
                case "led": _out.Pair(name, s.LedBrightnessPermille); break;
                case "mode": _out.Pair(name, Names.Mode(s.Mode)); break;
                case "door_ajar_s": _out.Pair(name, s.DoorAjarMs / 1000); break;
                case "adc_gain": _out.Pair(name, s.AdcGainPermille); break;
                case "battery_chemistry": _out.Pair(name, s.BatteryChemistry == LockFirmware.Power.CellChemistry.Unknown ? "auto" : Names.Chemistry(s.BatteryChemistry)); break;
                case "clock":
                    if (_lock.Log.WallClockValid) _out.Pair(name, _lock.Log.WallMs(nowMs) / 1000);
                    else _out.Pair(name, "unset");
                    break;
                default:
                    Fail(nowMs, ErrBadRequest, "unknown setting (" + SettingNames + ")");
                    return;
            }
            Reply(nowMs, true, 0, null);
        }

        private void Set(long nowMs, string args)
        {
            int space = args.IndexOf(' ');
            if (space < 0)
            {
                Fail(nowMs, ErrBadRequest, "usage: set <setting> <value>");
                return;
            }
            string name = args.Substring(0, space);
            string value = args.Substring(space + 1).Trim();
            LockSettings s = _lock.Settings;
            int v;
            switch (name)
            {
                case "autorelock_s":
                    // 0 (off) to 180 s: Yale's range; Matter AutoRelockTime.
                    if (!TryParseInt(value, out v) || v < 0 || v > 180) { Fail(nowMs, ErrBadRequest, "autorelock_s must be 0..180"); return; }
                    s.AutoRelockMs = v * 1000;
                    break;
                case "volume":
                    // Matter SoundVolume: silent, low, medium, high; or permille.
                    if (value == "silent") v = 0;
                    else if (value == "low") v = 250;
                    else if (value == "medium") v = 500;
                    else if (value == "high") v = 1000;
                    else if (!TryParseInt(value, out v) || v < 0 || v > 1000) { Fail(nowMs, ErrBadRequest, "volume must be silent|low|medium|high or 0..1000"); return; }
                    s.VolumePermille = v;
                    break;
                case "led":
                    if (!TryParseInt(value, out v) || v < 0 || v > 1000) { Fail(nowMs, ErrBadRequest, "led must be 0..1000"); return; }
                    s.LedBrightnessPermille = v;
                    break;
                case "mode":
                    OperatingMode mode;
                    if (!Names.TryParseMode(value, out mode)) { Fail(nowMs, ErrBadRequest, "mode must be " + ModeNames); return; }
                    s.Mode = mode;
                    break;
                case "door_ajar_s":
                    if (!TryParseInt(value, out v) || v < 10 || v > 3600) { Fail(nowMs, ErrBadRequest, "door_ajar_s must be 10..3600"); return; }
                    s.DoorAjarMs = v * 1000;
                    break;
                case "adc_gain":
                    // Vref 1000-1200 mV around 1100 mV: the gain AdcScale accepts.
                    if (!TryParseInt(value, out v) || v < 850 || v > 1150) { Fail(nowMs, ErrBadRequest, "adc_gain must be 850..1150 permille"); return; }
                    s.AdcGainPermille = v;
                    break;
                case "battery_chemistry":
                    LockFirmware.Power.CellChemistry chemistry;
                    if (!Names.TryParseChemistry(value, out chemistry)) { Fail(nowMs, ErrBadRequest, "battery_chemistry must be auto|alkaline|lithium|nimh"); return; }
                    s.BatteryChemistry = chemistry;
                    break;
                case "clock":
                    long seconds;
                    // Unix seconds from 2020-09-13 (1600000000) to 2100-01-01 (4102444800): a plausible wall clock for a lock.
                    if (!TryParseLong(value, out seconds) || seconds < 1600000000L || seconds > 4102444800L) { Fail(nowMs, ErrBadRequest, "clock must be unix seconds, 1600000000..4102444800"); return; }
                    _lock.SetWallClock(seconds * 1000);
                    _out.Pair("clock", seconds);
                    Reply(nowMs, true, 0, null);
                    return;
                default:
                    Fail(nowMs, ErrBadRequest, "unknown setting (" + SettingNames + ")");
                    return;
            }
            if (!_lock.SaveSettings()) { Fail(nowMs, ErrStorage, "settings not saved"); return; }
            // The technician states the pack in use: it is read on that curve from now on (or detected again, auto).
            if (name == "battery_chemistry") _lock.DeclareBatteryChemistry(nowMs);
            Get(nowMs, name);
        }

        private void Users(long nowMs)
        {
            Credentials c = _lock.Credentials;
            int space = WordEnd(_argsFrom, _argsTo);
            string sub = new string(_line, _argsFrom, space - _argsFrom);
            // The one string of the code (or slot) this command makes: kept by Credentials for add and master.
            int restFrom = SkipSpaces(space, _argsTo);
            string rest = restFrom < _argsTo ? new string(_line, restFrom, _argsTo - restFrom) : "";
            if (sub == "list" && rest.Length == 0)
            {
                string used = "";
                for (int i = 0; i < Credentials.MaxUsers; i++)
                {
                    if (c.UserSlotUsed(i)) used = used.Length == 0 ? i.ToString() : used + "," + i.ToString();
                }
                _out.Pair("users", c.UserCount);
                _out.Pair("slots_used", used.Length == 0 ? "none" : used);
                _out.Pair("slots_total", Credentials.MaxUsers);
                Reply(nowMs, true, 0, null);
                return;
            }
            if (sub == "add" && rest.Length > 0)
            {
                string error;
                int slot = c.AddUser(rest, out error);
                if (slot < 0) { Fail(nowMs, ErrBadRequest, "code refused: " + error); return; }
                if (!_lock.SaveCodes())
                {
                    // Not saved is not added: a code left in RAM would open until the next power loss silently dropped it.
                    c.RemoveUser(slot);
                    Fail(nowMs, ErrStorage, "codes not saved");
                    return;
                }
                _out.Pair("slot", slot);
                Reply(nowMs, true, 0, null);
                return;
            }
            if (sub == "remove" && rest.Length > 0)
            {
                int slot;
                if (rest.Length >= Credentials.MinUserDigits)
                {
                    // A code, not a slot (slots have at most two digits, codes at least four): the user who holds exactly
                    // that code, as an owner removes a code by typing it. The reply names the slot, never the code.
                    slot = c.SlotOfUser(rest);
                    if (slot < 0) { Fail(nowMs, ErrBadRequest, "no user has that code"); return; }
                }
                else if (!TryParseInt(rest, out slot) || slot < 0 || slot >= Credentials.MaxUsers) { Fail(nowMs, ErrBadRequest, "slot must be 0.." + (Credentials.MaxUsers - 1).ToString() + " or a user code"); return; }
                string removed = c.UserForStorage(slot);
                if (!c.RemoveUser(slot)) { Fail(nowMs, ErrBadRequest, "slot is empty"); return; }
                if (!_lock.SaveCodes())
                {
                    // Not saved is not removed, as for users add: flash still holds the code, so it opens until removed for
                    // good. Before, it stopped opening at once and came back after the next power loss.
                    c.SetUser(slot, removed);
                    Fail(nowMs, ErrStorage, "codes not saved");
                    return;
                }
                _out.Pair("removed", slot);
                Reply(nowMs, true, 0, null);
                return;
            }
            if (sub == "master" && rest.Length > 0)
            {
                // Sets (or replaces) the master code: after a factory-reset nothing else could, and the calibration gesture
                // and the vacation-mode unlock need it.
                string previous = c.MasterForStorage();
                string error = c.SetMaster(rest);
                if (error != null) { Fail(nowMs, ErrBadRequest, "code refused: " + error); return; }
                if (!_lock.SaveCodes())
                {
                    // Not saved is not set, as for users add: the flash still holds the previous master code.
                    c.RestoreMaster(previous);
                    Fail(nowMs, ErrStorage, "codes not saved");
                    return;
                }
                _out.Pair("master", "set");
                Reply(nowMs, true, 0, null);
                return;
            }
            Fail(nowMs, ErrBadRequest, "usage: " + Usage("users"));
        }

        private void FactoryReset(long nowMs)
        {
            // Not under a running stroke: it would forget the calibration the stroke is being judged and learned against.
            if (_lock.Drive.Busy) { Fail(nowMs, ErrRefused, "busy: a stroke is running"); return; }
            if (!_lock.FactoryReset())
            {
                // Not saved: nothing was reset (RAM keeps what flash keeps). Incomplete: the reset stands, and its settings
                // and calibration writes are made again by the next save or the next start.
                Fail(nowMs, ErrStorage, _lock.FactoryResetUnfinished ? "factory reset incomplete" : "factory reset not saved");
                return;
            }
            _out.Pair("factory_reset", "done");
            _out.Pair("calibrated", "false");
            Reply(nowMs, true, 0, null);
        }

        private void Fail(long nowMs, int code, string message)
        {
            _errors++;
            _out.Err(code, message);
            _lock.OnLockEvent(nowMs, LockEventKind.Console, 1, code);
        }

        private void Reply(long nowMs, bool ok, int code, string message)
        {
            if (!ok)
            {
                Fail(nowMs, code, message);
                return;
            }
            _out.Ok();
            _lock.OnLockEvent(nowMs, LockEventKind.Console, 0, 0);
        }

        private void SetState(long nowMs, ConsoleState next, TraceCause cause)
        {
            if (next == _state) return;
            _trace.Record(nowMs, TraceMachine.Console, (int)_state, (int)next, cause);
            _state = next;
        }

        /// <summary>Parses a non-negative decimal integer (no sign, at most 9 digits).</summary>
        public static bool TryParseInt(string text, out int value)
        {
            long v;
            value = 0;
            if (text == null || text.Length > 9 || !TryParseLong(text, out v)) return false;
            value = (int)v;
            return true;
        }

        /// <summary>Parses a non-negative decimal integer (no sign, at most 15 digits).</summary>
        public static bool TryParseLong(string text, out long value)
        {
            value = 0;
            if (text == null || text.Length == 0 || text.Length > 15) return false;
            for (int i = 0; i < text.Length; i++)
            {
                char ch = text[i];
                if (ch < '0' || ch > '9') return false;
                value = value * 10 + (ch - '0');
            }
            return true;
        }
    }
}
