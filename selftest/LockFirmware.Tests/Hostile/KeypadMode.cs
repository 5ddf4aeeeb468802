namespace LockFirmware.Tests.Hostile;

/// <summary>The keypad in a segment.</summary>
public enum KeypadMode
{
    /// <summary>Nobody touches it.</summary>
    None,
    /// <summary>Random keys (or none), a new choice every <see cref="KeypadScript.PeriodMs"/>; several at once too.</summary>
    RandomKeys,
    /// <summary>Column bits that follow no row at all (a shorted column, interference): <see cref="KeypadScript.Mask"/> every other period.</summary>
    Garbage,
    /// <summary>A given code typed at human speed (<see cref="KeypadScript.Keys"/>).</summary>
    Typed,
}
