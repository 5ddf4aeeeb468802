namespace LockFirmware.Hal
{
    /// <summary>The piezo buzzer, driven by a PWM square wave.</summary>
    public interface IBuzzer
    {
        /// <summary>Starts a tone at <paramref name="frequencyHz"/> and <paramref name="volumePermille"/> duty; 0 Hz or 0 volume is silence.</summary>
        void Tone(int frequencyHz, int volumePermille);
    }
}
