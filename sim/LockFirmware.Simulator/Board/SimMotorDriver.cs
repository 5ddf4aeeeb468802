using LockFirmware.Hal;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Board;

/// <summary>Wires the firmware's H-bridge commands to the plant.</summary>
public sealed class SimMotorDriver(LockPlant plant) : IMotorDriver
{
    /// <inheritdoc/>
    public void SetBridge(BridgeMode mode, int dutyPermille) => plant.SetBridge(mode, dutyPermille);
}
