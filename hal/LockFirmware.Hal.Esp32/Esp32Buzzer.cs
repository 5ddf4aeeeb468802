namespace LockFirmware.Hal.Esp32
{
    /// <summary>
    /// Piezo buzzer on its own PWM output (own LEDC timer, since the tone changes frequency). Volume is the duty up to
    /// 50 %, where a square wave gives a piezo its largest fundamental; 1000 permille volume maps to 500 permille duty.
    /// </summary>
    public sealed class Esp32Buzzer : IBuzzer
    {
        private readonly PwmOutput _output;

        internal Esp32Buzzer(PwmOutput output)
        {
            _output = output;
        }

        /// <inheritdoc/>
        public void Tone(int frequencyHz, int volumePermille)
        {
            if (frequencyHz <= 0 || volumePermille <= 0)
            {
                _output.SetDutyPermille(0);
                return;
            }
            if (volumePermille > 1000)
            {
                volumePermille = 1000;
            }
            _output.SetFrequency(frequencyHz);
            _output.SetDutyPermille(volumePermille / 2);
        }
    }
}
