using LockFirmware.Hal;

namespace LockFirmware.Tests.Hostile;

/// <summary>An ADC channel the rig answers for.</summary>
public sealed class RigAnalog(Func<int> read) : IAnalogChannel
{
    public long Conversions { get; private set; }
    public int ReadCounts()
    {
        Conversions++;
        return read();
    }
}
