namespace LockFirmware.Access
{
    /// <summary>Matter Door Lock OperationError values. Raised by LockController and CodeEntry.</summary>
    public enum OperationError
    {
        /// <summary>Unspecified.</summary>
        Unspecified = 0,
        /// <summary>Wrong code.</summary>
        InvalidCredential = 1,
        /// <summary>User disabled (vacation mode).</summary>
        DisabledUserDenied = 2,
        /// <summary>Not allowed in this mode or state (privacy mode, keypad lockout, a stroke in progress).</summary>
        Restricted = 3,
        /// <summary>Battery too low for this operation.</summary>
        InsufficientBattery = 4,
    }
}
