namespace LockFirmware.Access
{
    /// <summary>Matter Door Lock DoorState (spec rev 8 values). Reported by LockController from the reed switch and the bolt.</summary>
    public enum DoorState
    {
        /// <summary>Door open.</summary>
        Open = 0,
        /// <summary>Door closed.</summary>
        Closed = 1,
        /// <summary>The bolt is jammed.</summary>
        Jammed = 2,
        /// <summary>Door opened while the bolt was locked.</summary>
        ForcedOpen = 3,
        /// <summary>Door sensor unusable.</summary>
        UnspecifiedError = 4,
        /// <summary>Door left open longer than the ajar time.</summary>
        Ajar = 5,
    }
}
