namespace LockFirmware.Access
{
    /// <summary>Matter Door Lock LockState (spec rev 8 values). Reported by LockController.</summary>
    public enum LockState
    {
        /// <summary>The bolt is neither fully extended nor fully retracted.</summary>
        NotFullyLocked = 0,
        /// <summary>The bolt is fully extended.</summary>
        Locked = 1,
        /// <summary>The bolt is fully retracted.</summary>
        Unlocked = 2,
    }
}
