namespace LockFirmware.Indication
{
    /// <summary>Patterns the LED and buzzer play. Names (snake_case) are in <see cref="IndicationPlayer.Name"/>; docs/fault-codes.md shows each.</summary>
    public enum IndicationPattern
    {
        /// <summary>Nothing.</summary>
        None = 0,
        /// <summary>Code accepted: green 0.5 s, one short high beep.</summary>
        Accepted = 1,
        /// <summary>Wrong code: three red blinks with three low beeps.</summary>
        WrongCode = 2,
        /// <summary>Locked: green blink, one beep.</summary>
        Locked = 3,
        /// <summary>Unlocked: two green blinks, two beeps.</summary>
        Unlocked = 4,
        /// <summary>Refused (mode, battery reserve, busy): long red with a long low beep.</summary>
        Refused = 5,
        /// <summary>Keypad locked out: red fast blinks.</summary>
        Lockout = 6,
        /// <summary>A fault code: red long flashes for the category, short flashes for the detail, with beeps.</summary>
        Fault = 7,
        /// <summary>Calibration running: amber blinks.</summary>
        Calibrating = 8,
    }
}
