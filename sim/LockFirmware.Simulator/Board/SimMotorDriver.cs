using LockFirmware.Hal;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Board;

/// <summary>Wires the firmware's H-bridge commands to the plant.</summary>
public sealed class SimMotorDriver(LockPlant plant, AllocationMeter meter) : IMotorDriver
{
    /// <inheritdoc/>
    public void SetBridge(BridgeMode mode, int dutyPermille)
    {
        // Measured by hand: a lambda here would itself allocate a closure outside the measurement.
        long before = GC.GetAllocatedBytesForCurrentThread();
        plant.SetBridge(mode, dutyPermille);
        meter.ExcludedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
