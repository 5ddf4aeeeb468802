using LockFirmware.Diagnosis;
using LockFirmware.Hal;
using LockFirmware.Runtime;

namespace LockFirmware.Indication
{
    /// <summary>
    /// Non-blocking player for the LED and buzzer, driven by the tick: a pattern is a list of steps
    /// (colour, beep on/off, duration) walked by <see cref="Poll"/>. User feedback preempts a fault
    /// pattern, which then resumes. Fault patterns are built from the two-digit fault number: tens as long
    /// red flashes, units as short ones, each with a beep, so a person at the door can count the code.
    /// Respects the LED brightness and sound volume settings; counts the on-time of each for the energy budget.
    /// </summary>
    public sealed class IndicationPlayer
    {
        /// <summary>Long flash (category digit).</summary>
        public const int LongFlashMs = 600;
        /// <summary>Short flash (detail digit).</summary>
        public const int ShortFlashMs = 200;
        /// <summary>Gap between flashes of one digit.</summary>
        public const int FlashGapMs = 300;
        /// <summary>Gap between the two digits.</summary>
        public const int DigitGapMs = 900;
        /// <summary>Repeats of a fault code per showing.</summary>
        public const int FaultRepeats = 2;

        private const int MaxSteps = 64;
        private static readonly string[] PatternNames = { "none", "accepted", "wrong_code", "locked", "unlocked", "refused", "lockout", "fault", "calibrating" };

        private readonly IStatusLed _led;
        private readonly IBuzzer _buzzer;
        private readonly ILockObserver _observer;
        private readonly int[] _colour = new int[MaxSteps];
        private readonly bool[] _beep = new bool[MaxSteps];
        private readonly int[] _durationMs = new int[MaxSteps];
        private int _steps;
        private int _index;
        private long _stepEndsMs = long.MaxValue;
        private IndicationPattern _playing = IndicationPattern.None;
        private FaultCode _fault;
        private bool _faultSuspended;
        private FaultCode _suspendedFault;

        /// <summary>LED brightness setting, permille.</summary>
        public int LedBrightnessPermille = 1000;
        /// <summary>Buzzer volume setting, permille (0 = silent).</summary>
        public int VolumePermille = 500;
        /// <summary>Total LED on-time, ms (energy accounting).</summary>
        public long LedOnMs;
        /// <summary>Total buzzer on-time, ms (energy accounting).</summary>
        public long BuzzerOnMs;

        /// <summary>Creates the player.</summary>
        public IndicationPlayer(IStatusLed led, IBuzzer buzzer, ILockObserver observer)
        {
            _led = led;
            _buzzer = buzzer;
            _observer = observer;
            Output(0, false);
        }

        /// <summary>Pattern playing now (<see cref="IndicationPattern.None"/> when dark and silent).</summary>
        public IndicationPattern Playing { get { return _playing; } }

        /// <summary>Fault shown when <see cref="Playing"/> is <see cref="IndicationPattern.Fault"/>.</summary>
        public FaultCode PlayingFault { get { return _fault; } }

        /// <summary>
        /// True while the LED or the buzzer is on at this moment (a flash or a beep, not the gaps between them): the pack
        /// carries their current, so the battery's rest reading waits (BatteryMonitor.Poll).
        /// </summary>
        public bool OutputOn
        {
            get { return _playing != IndicationPattern.None && _index < _steps && (LedLit(_colour[_index]) || _beep[_index] && VolumePermille > 0); }
        }

        /// <summary>When the player next needs <see cref="Poll"/>.</summary>
        public long NextPollMs { get { return _playing == IndicationPattern.None ? long.MaxValue : _stepEndsMs; } }

        /// <summary>snake_case name of a pattern.</summary>
        public static string Name(IndicationPattern pattern)
        {
            int i = (int)pattern;
            return i >= 0 && i < PatternNames.Length ? PatternNames[i] : "unknown";
        }

        /// <summary>Plays user feedback now; a fault pattern in progress resumes afterwards.</summary>
        public void PlayFeedback(long nowMs, IndicationPattern pattern)
        {
            if (_playing == IndicationPattern.Fault)
            {
                _faultSuspended = true;
                _suspendedFault = _fault;
            }
            _steps = 0;
            switch (pattern)
            {
                case IndicationPattern.Accepted: Add(LedColour.Green, true, 150); Add(LedColour.Green, false, 350); break;
                case IndicationPattern.WrongCode: for (int i = 0; i < 3; i++) { Add(LedColour.Red, true, 120); Add(LedColour.Off, false, 120); } break;
                case IndicationPattern.Locked: Add(LedColour.Green, true, 200); Add(LedColour.Off, false, 100); break;
                case IndicationPattern.Unlocked: for (int i = 0; i < 2; i++) { Add(LedColour.Green, true, 100); Add(LedColour.Off, false, 100); } break;
                case IndicationPattern.Refused: Add(LedColour.Red, true, 800); Add(LedColour.Off, false, 100); break;
                case IndicationPattern.Lockout: for (int i = 0; i < 6; i++) { Add(LedColour.Red, i == 0, 80); Add(LedColour.Off, false, 80); } break;
                case IndicationPattern.Calibrating: for (int i = 0; i < 3; i++) { Add(LedColour.Amber, false, 150); Add(LedColour.Off, false, 150); } break;
                default: return;
            }
            Start(nowMs, pattern);
        }

        /// <summary>Shows a fault code (<see cref="FaultRepeats"/> times).</summary>
        public void PlayFault(long nowMs, FaultCode fault)
        {
            _faultSuspended = false;
            _fault = fault;
            _steps = 0;
            int number = FaultCatalogue.Number(fault);
            for (int r = 0; r < FaultRepeats; r++)
            {
                AddFlashes(number / 10, LongFlashMs);
                Add(LedColour.Off, false, DigitGapMs - FlashGapMs);
                AddFlashes(number % 10, ShortFlashMs);
                Add(LedColour.Off, false, 2 * DigitGapMs);
            }
            Start(nowMs, IndicationPattern.Fault);
        }

        /// <summary>
        /// The diagnosis changed under the fault pattern: <paramref name="fault"/> was cleared. A pattern showing it stops
        /// and one suspended by feedback does not resume: a cleared fault's code on the LED tells the owner about a fault
        /// the lock no longer has (an unlock's feedback that interrupted <c>battery_low</c> while the stroke's sag raised
        /// <c>battery_critical</c> and cleared <c>battery_low</c> brought <c>battery_low</c> back after the feedback, and
        /// again after every later feedback, while the new critical fault waited; scenario
        /// <c>indication-after-battery-critical.yaml</c>). The controller then shows the top active fault afresh.
        /// </summary>
        public void OnFaultCleared(FaultCode fault)
        {
            if (_faultSuspended && _suspendedFault == fault) _faultSuspended = false;
            if (_playing == IndicationPattern.Fault && _fault == fault) Stop();
        }

        /// <summary>
        /// A fault was raised: a pattern suspended by feedback does not resume, the controller shows the top active fault
        /// (which may be the new one) once the feedback has ended, so a lower fault resumed does not hide a higher new one.
        /// </summary>
        public void OnFaultRaised()
        {
            _faultSuspended = false;
        }

        /// <summary>Stops everything (LED dark, buzzer silent).</summary>
        public void Stop()
        {
            _playing = IndicationPattern.None;
            _faultSuspended = false;
            _stepEndsMs = long.MaxValue;
            Output(0, false);
        }

        /// <summary>Advances the pattern.</summary>
        public void Poll(long nowMs)
        {
            while (_playing != IndicationPattern.None && nowMs >= _stepEndsMs)
            {
                _index++;
                if (_index >= _steps)
                {
                    Output(0, false);
                    _playing = IndicationPattern.None;
                    _stepEndsMs = long.MaxValue;
                    if (_faultSuspended)
                    {
                        PlayFault(nowMs, _suspendedFault);
                    }
                    return;
                }
                long stepStart = _stepEndsMs;
                ApplyStep(stepStart);
            }
        }

        private void AddFlashes(int count, int onMs)
        {
            for (int i = 0; i < count; i++)
            {
                Add(LedColour.Red, true, onMs);
                Add(LedColour.Off, false, FlashGapMs);
            }
        }

        private void Add(LedColour colour, bool beep, int durationMs)
        {
            if (_steps >= MaxSteps) return;
            _colour[_steps] = (int)colour;
            _beep[_steps] = beep;
            _durationMs[_steps] = durationMs;
            _steps++;
        }

        private void Start(long nowMs, IndicationPattern pattern)
        {
            _playing = pattern;
            _index = 0;
            ApplyStep(nowMs);
            if (_observer != null) _observer.OnLockEvent(nowMs, LockEventKind.Indication, (int)pattern, pattern == IndicationPattern.Fault ? (int)_fault : -1);
        }

        private void ApplyStep(long stepStartMs)
        {
            _stepEndsMs = stepStartMs + _durationMs[_index];
            Output(_colour[_index], _beep[_index]);
            if (LedLit(_colour[_index])) LedOnMs += _durationMs[_index];
            if (_beep[_index] && VolumePermille > 0) BuzzerOnMs += _durationMs[_index];
        }

        /// <summary>A step lights the LED only with a colour and a brightness above 0 (<c>set led 0</c> keeps it dark).</summary>
        private bool LedLit(int colour)
        {
            return colour != 0 && LedBrightnessPermille > 0;
        }

        private void Output(int colour, bool beep)
        {
            _led.Set((LedColour)colour, colour == 0 ? 0 : LedBrightnessPermille);
            _buzzer.Tone(beep && VolumePermille > 0 ? BoardConfig.BuzzerHz : 0, beep ? VolumePermille : 0);
        }
    }
}
