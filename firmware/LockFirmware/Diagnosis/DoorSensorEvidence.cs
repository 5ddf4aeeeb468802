namespace LockFirmware.Diagnosis
{
    /// <summary>
    /// Evidence that the door reed switch no longer follows the door (a welded or magnet-stuck reed reads
    /// "closed" for ever, a broken wire or lost magnet reads "open" for ever). The bolt cannot see the door:
    /// with the strike in line it throws into the strike hole exactly as it throws into free air (docs/plant.md,
    /// DoorAndStrike), so one stroke proves nothing either way. What a stuck reed cannot hide is that it never
    /// changes while people use the door: someone who types a user code at the outside keypad is coming in, and
    /// locks from the outside keypad ("#") once the door is shut behind them (or gave up and left). One such
    /// keypad unlock followed by a keypad lock with the reed unchanged is an ordinary change of mind; three in
    /// a row (<see cref="EntriesForFault"/>) with the reed not moving once is not how a working door sensor
    /// behaves, in either stuck position. Auto-relock, console and thumbturn operations do not count (nobody
    /// needs to pass the door for them). Any change of the reed reading resets the count and is itself the
    /// evidence that the sensor works again. Allocates nothing.
    /// </summary>
    public sealed class DoorSensorEvidence
    {
        /// <summary>Keypad unlock-then-lock cycles with the reed unchanged that make <c>door_sensor_fault</c>.</summary>
        public const int EntriesForFault = 3;

        private bool _unlockedFromKeypad;
        private int _entries;

        /// <summary>Keypad unlock-then-lock cycles counted since the reed last changed.</summary>
        public int Entries { get { return _entries; } }

        /// <summary>True when the last completed operation was a keypad unlock (the first half of an entry).</summary>
        public bool UnlockedFromKeypad { get { return _unlockedFromKeypad; } }

        /// <summary>
        /// Restores the count after a reboot that kept the door state (a sleep that restarts the MCU): the evidence
        /// spans hours of use, so it must survive whatever the lock does between entries.
        /// </summary>
        public void Restore(int entries, bool unlockedFromKeypad)
        {
            _entries = entries < 0 ? 0 : entries;
            _unlockedFromKeypad = unlockedFromKeypad;
        }

        /// <summary>True once the count reached <see cref="EntriesForFault"/>.</summary>
        public bool Suspect { get { return _entries >= EntriesForFault; } }

        /// <summary>The reed reading changed: the sensor is alive; start counting afresh.</summary>
        public void OnReedChanged()
        {
            _entries = 0;
            _unlockedFromKeypad = false;
        }

        /// <summary>
        /// A motorised stroke completed. <paramref name="fromKeypad"/> is true for a keypad operation
        /// (a user code for an unlock, "#" for a lock). Returns true when this completes the evidence.
        /// </summary>
        public bool OnOperation(bool locked, bool fromKeypad)
        {
            if (!locked)
            {
                _unlockedFromKeypad = fromKeypad;
                return false;
            }
            bool cycle = _unlockedFromKeypad && fromKeypad;
            _unlockedFromKeypad = false;
            if (!cycle) return false;
            _entries++;
            return _entries == EntriesForFault;
        }
    }
}
