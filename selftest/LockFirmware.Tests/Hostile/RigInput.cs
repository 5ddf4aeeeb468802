using LockFirmware.Hal;

namespace LockFirmware.Tests.Hostile;

/// <summary>A digital input the rig answers for.</summary>
public sealed class RigInput(Func<bool> read) : IDigitalInput
{
    public bool ReadHigh() => read();
}
