namespace LockFirmware.Access
{
    /// <summary>States of keypad code entry (<see cref="CodeEntry"/>).</summary>
    public enum EntryState
    {
        /// <summary>No digits entered.</summary>
        Idle = 0,
        /// <summary>Digits being entered.</summary>
        Entering = 1,
        /// <summary>Too many wrong codes: every code is refused until the lockout ends.</summary>
        LockedOut = 2,
    }
}
