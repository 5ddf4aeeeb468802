namespace LockFirmware.Hal.Esp32
{
    /// <summary>The red/green LED, one PWM output per die; amber is both dies at the same brightness.</summary>
    public sealed class Esp32StatusLed : IStatusLed
    {
        private readonly PwmOutput _red;
        private readonly PwmOutput _green;

        internal Esp32StatusLed(PwmOutput red, PwmOutput green)
        {
            _red = red;
            _green = green;
        }

        /// <inheritdoc/>
        public void Set(LedColour colour, int brightnessPermille)
        {
            bool red = colour == LedColour.Red || colour == LedColour.Amber;
            bool green = colour == LedColour.Green || colour == LedColour.Amber;
            _red.SetDutyPermille(red ? brightnessPermille : 0);
            _green.SetDutyPermille(green ? brightnessPermille : 0);
        }
    }
}
