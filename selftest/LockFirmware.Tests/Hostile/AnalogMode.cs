namespace LockFirmware.Tests.Hostile;

/// <summary>How a scripted ADC channel answers while a segment lasts.</summary>
public enum AnalogMode
{
    /// <summary>What the little plant (<see cref="HostileRig"/>) says, with +-2 counts of noise: a sane channel.</summary>
    Plant,
    /// <summary>Stuck at <see cref="AnalogScript.A"/> (0 and 4095 are the rails).</summary>
    Constant,
    /// <summary><see cref="AnalogScript.A"/> +- <see cref="AnalogScript.B"/>, a fresh draw every conversion.</summary>
    Noise,
    /// <summary>Jumps between <see cref="AnalogScript.A"/> and <see cref="AnalogScript.B"/> every <see cref="AnalogScript.PeriodMs"/>.</summary>
    Jump,
    /// <summary>Anywhere in 0..4095, a fresh draw every conversion.</summary>
    Garbage,
}
