namespace LockFirmware.Tests.Hostile;

/// <summary>How a scripted digital input (limit switch, door reed) behaves in a segment.</summary>
public enum DigitalMode
{
    /// <summary>What the little plant says (limit switches from the bolt position; the door reed closed).</summary>
    Plant,
    /// <summary>Held at <see cref="DigitalScript.High"/>.</summary>
    Constant,
    /// <summary>Toggles every <see cref="DigitalScript.PeriodMs"/> (contact bounce, a loose wire).</summary>
    Flicker,
    /// <summary>A random level every <see cref="DigitalScript.PeriodMs"/>.</summary>
    Random,
}
