namespace LockFirmware.Access
{
    /// <summary>States of the lock machine in <see cref="LockFirmware.LockController"/>.</summary>
    public enum LockMachineState
    {
        /// <summary>Bolt fully extended.</summary>
        Locked = 0,
        /// <summary>Bolt fully retracted.</summary>
        Unlocked = 1,
        /// <summary>Bolt between the ends (stopped mid-travel or moved by hand part way).</summary>
        NotFullyLocked = 2,
        /// <summary>A locking stroke is in progress.</summary>
        Locking = 3,
        /// <summary>An unlocking stroke is in progress.</summary>
        Unlocking = 4,
        /// <summary>A calibration or positioning run is in progress.</summary>
        Calibrating = 5,
    }
}
