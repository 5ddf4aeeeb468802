namespace LockFirmware.Hal
{
    /// <summary>The two-colour status LED.</summary>
    public interface IStatusLed
    {
        /// <summary>Shows a colour at a brightness in permille (0..1000, PWM on the LED pins).</summary>
        void Set(LedColour colour, int brightnessPermille);
    }
}
