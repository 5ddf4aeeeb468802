namespace LockFirmware.Simulator.Plant;

/// <summary>A planned key press or release.</summary>
/// <param name="AtSeconds">Plant time of the action.</param>
/// <param name="Key">Key character.</param>
/// <param name="Press">True to press, false to release.</param>
public readonly record struct KeyAction(double AtSeconds, char Key, bool Press);
