namespace LockFirmware.Access
{
    /// <summary>What one key press led to.</summary>
    public enum EntryOutcome
    {
        /// <summary>Nothing yet (digit stored, or key ignored).</summary>
        None = 0,
        /// <summary>A valid user code followed by <c>#</c>: unlock.</summary>
        UnlockUser = 1,
        /// <summary>The master code followed by <c>#</c>: unlock.</summary>
        UnlockMaster = 2,
        /// <summary><c>#</c> alone: one-touch lock.</summary>
        Lock = 3,
        /// <summary>Wrong code.</summary>
        Wrong = 4,
        /// <summary>Wrong code that reached the limit: lockout starts.</summary>
        LockoutStarted = 5,
        /// <summary>Refused because the keypad is locked out.</summary>
        RefusedLockedOut = 6,
        /// <summary>Refused because user codes are disabled (vacation mode).</summary>
        RefusedDisabled = 7,
        /// <summary><c>*</c>: entry cleared.</summary>
        Cleared = 8,
        /// <summary>The key-sequence that starts calibration: <c>*</c> master code <c>#</c>... see docs/actuation.md.</summary>
        Calibrate = 9,
    }
}
