namespace LockFirmware.Hal
{
    /// <summary>One single-ended ADC channel. Returns raw counts; conversion happens in firmware.</summary>
    public interface IAnalogChannel
    {
        /// <summary>One conversion in raw counts, 0 .. <see cref="BoardConfig.AdcMaxCounts"/>.</summary>
        int ReadCounts();
    }
}
