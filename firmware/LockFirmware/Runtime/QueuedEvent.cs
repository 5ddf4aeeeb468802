namespace LockFirmware.Runtime
{
    /// <summary>Kinds of events that travel through the <see cref="EventQueue"/>.</summary>
    public enum QueuedEvent
    {
        /// <summary>No event (an empty take).</summary>
        None = 0,
        /// <summary>An input interrupt; the argument is a <see cref="LockFirmware.Hal.InputLine"/>. Raised by the board.</summary>
        InputChanged = 1,
        /// <summary>A debounced key press; the argument is the key character. Raised by the keypad scanner.</summary>
        KeyPressed = 2,
        /// <summary>A lock request; the argument is an <see cref="LockFirmware.Access.OperationSource"/>. Raised by code entry, console, relock.</summary>
        LockRequested = 3,
        /// <summary>An unlock request; the argument is an <see cref="LockFirmware.Access.OperationSource"/>. Raised by code entry and console.</summary>
        UnlockRequested = 4,
    }
}
