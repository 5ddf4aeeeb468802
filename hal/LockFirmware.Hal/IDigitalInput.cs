namespace LockFirmware.Hal
{
    /// <summary>A digital input pin (limit switch, door reed switch). Raw level; debounce happens in firmware.</summary>
    public interface IDigitalInput
    {
        /// <summary>True when the pin reads high.</summary>
        bool ReadHigh();
    }
}
