namespace LockFirmware.Diagnosis
{
    /// <summary>Matter Door Lock AlarmCode values (spec rev 8).</summary>
    public enum AlarmCode
    {
        /// <summary>Bolt jammed (raised by the bolt drive when it gives up).</summary>
        LockJammed = 0,
        /// <summary>Factory reset performed (console <c>factory-reset</c>).</summary>
        LockFactoryReset = 1,
        /// <summary>Power was lost and restored (start-up after a power-on or brown-out reset).</summary>
        LockPowerCycled = 3,
        /// <summary>Too many wrong codes (code entry).</summary>
        WrongCodeEntryLimit = 4,
        /// <summary>Door opened with the bolt locked (door monitor).</summary>
        DoorForcedOpen = 6,
        /// <summary>Door left open (door monitor).</summary>
        DoorAjar = 7,
    }
}
