using LockFirmware.Hal;

namespace LockFirmware.Simulator.Board;

/// <summary>A digital input reading a plant pin level.</summary>
public sealed class SimDigitalInput(Func<bool> level, AllocationMeter meter) : IDigitalInput
{
    /// <inheritdoc/>
    public bool ReadHigh() => meter.Measure(level);
}
