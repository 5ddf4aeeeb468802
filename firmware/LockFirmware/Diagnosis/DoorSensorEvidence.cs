namespace LockFirmware.Diagnosis
{
    /// <summary>
    /// Evidence that the door reed switch no longer follows the door (a welded or magnet-stuck reed reads
    /// "closed" for ever, a broken wire or lost magnet reads "open" for ever). The bolt cannot see the door:
    /// with the strike in line it throws into the strike hole exactly as it throws into free air (docs/plant.md,
    /// DoorAndStrike), so one stroke proves nothing either way. What a stuck reed cannot hide is that it never
    /// changes while people use the door: someone who types a user code at the outside keypad is coming in, and
    /// locks from the outside keypad ("#") once the door is shut behind them (or gave up and left).
    /// <para>
    /// Not every keypad unlock-then-lock is a passage, though: an owner who checks the code or changes their mind
    /// relocks without touching the door, and with a working reed that looks exactly like an entry behind a stuck
    /// one. The difference the lock can see is time. Nobody can open a door, step through and shut it again in less
    /// than <see cref="MinPassMs"/> after the bolt has withdrawn, so a quicker relock is a change of mind: it neither
    /// counts nor resets the count (it says nothing about the reed). A cycle that left the door unlocked long enough
    /// to pass it is an entry; <see cref="EntriesForFault"/> of them in a row with the reed not moving once is not how
    /// a working door sensor behaves, in either stuck position. Auto-relock, console and thumbturn operations do not
    /// count (nobody needs to pass the door for them). Any change of the reed reading resets the count and is itself
    /// the evidence that the sensor works again. Allocates nothing.
    /// </para>
    /// <para>
    /// Entries count only once the reed has been seen to change (<see cref="ReedSeenMoving"/>; LockController stores
    /// that once in the lock's life with the calibration and marks it at every start, <see cref="MarkReedSeen"/>).
    /// A reed that has never moved is what a working reed on a door nobody has opened yet shows too, and an owner (or a
    /// technician on the bench) who works the lock by code a few times without opening the door is not a broken sensor:
    /// without the gate that owner got <c>door_sensor_fault</c> on a healthy lock. The price is a reed that fails before
    /// the door was ever opened after installation (which opens and closes the door): it is never named.
    /// </para>
    /// </summary>
    public sealed class DoorSensorEvidence
    {
        /// <summary>Keypad entries (unlock, then a keypad lock at least <see cref="MinPassMs"/> later) with the reed unchanged that make <c>door_sensor_fault</c>.</summary>
        public const int EntriesForFault = 3;

        /// <summary>
        /// Shortest time from a keypad unlock finishing to the keypad lock request that can hold a passage through the
        /// door: pulling or pushing it open (about 1.5 s for a 90 degree swing by hand), a step through and shutting it
        /// again (a door closer adjusted to ADA 2010 404.2.8.1 alone takes at least 5 s from 90 to 12 degrees; by hand
        /// about 1.5 s), then turning to the keypad for "#". 5 s sits at the quick end of that: a real entry that is
        /// even quicker is only not counted (the fault is named one entry later), a change of mind never counts.
        /// </summary>
        public const int MinPassMs = 5000;

        /// <summary>Value of <see cref="KeypadUnlockMs"/> when the last operation was not a keypad unlock.</summary>
        public const long NoKeypadUnlock = long.MinValue;

        private long _keypadUnlockMs = NoKeypadUnlock;
        private int _entries;
        private bool _reedSeenMoving;

        /// <summary>True once the reed has been seen to change (this start, or stored before it): from then on entries count.</summary>
        public bool ReedSeenMoving { get { return _reedSeenMoving; } }

        /// <summary>Keypad entries counted since the reed last changed.</summary>
        public int Entries { get { return _entries; } }

        /// <summary>
        /// When the last completed operation, a keypad unlock (the first half of an entry), finished (ms, the lock's
        /// clock); <see cref="NoKeypadUnlock"/> when the last operation was anything else.
        /// </summary>
        public long KeypadUnlockMs { get { return _keypadUnlockMs; } }

        /// <summary>
        /// Restores the evidence after a reboot that kept the door state (a sleep that restarts the MCU): it spans
        /// hours of use, so it must survive whatever the lock does between entries.
        /// </summary>
        public void Restore(int entries, long keypadUnlockMs)
        {
            _entries = entries < 0 ? 0 : entries;
            _keypadUnlockMs = keypadUnlockMs;
        }

        /// <summary>True once the count reached <see cref="EntriesForFault"/>.</summary>
        public bool Suspect { get { return _entries >= EntriesForFault; } }

        /// <summary>The reed was seen working before this start (stored with the calibration): entries count from the start.</summary>
        public void MarkReedSeen()
        {
            _reedSeenMoving = true;
        }

        /// <summary>The reed reading changed: the sensor is alive; start counting afresh.</summary>
        public void OnReedChanged()
        {
            _reedSeenMoving = true;
            _entries = 0;
            _keypadUnlockMs = NoKeypadUnlock;
        }

        /// <summary>An unlock finished at <paramref name="doneMs"/>; <paramref name="fromKeypad"/> for a user code.</summary>
        public void OnUnlocked(long doneMs, bool fromKeypad)
        {
            _keypadUnlockMs = fromKeypad ? doneMs : NoKeypadUnlock;
        }

        /// <summary>
        /// A lock requested at <paramref name="requestedMs"/> finished; <paramref name="fromKeypad"/> for "#" at the
        /// keypad. Returns true when this entry completes the evidence.
        /// </summary>
        public bool OnLocked(long requestedMs, bool fromKeypad)
        {
            long unlockedMs = _keypadUnlockMs;
            _keypadUnlockMs = NoKeypadUnlock;
            if (!fromKeypad || unlockedMs == NoKeypadUnlock || !_reedSeenMoving) return false;
            // Too quick for anyone to have passed the door: a change of mind, no evidence either way.
            if (requestedMs - unlockedMs < MinPassMs) return false;
            _entries++;
            return _entries == EntriesForFault;
        }
    }
}
