using LockFirmware.Hal;

namespace LockFirmware.Simulator.Board;

/// <summary>An ADC channel that samples the plant through a delegate.</summary>
public sealed class SimAnalogChannel(Func<int> sample, AllocationMeter meter) : IAnalogChannel
{
    /// <summary>Conversions made (the energy and speed accounting reads this).</summary>
    public long Conversions { get; private set; }

    /// <inheritdoc/>
    public int ReadCounts()
    {
        Conversions++;
        return meter.Measure(sample);
    }
}
