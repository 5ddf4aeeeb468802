using LockFirmware.Hal;

namespace LockFirmware.Tests.Hostile;

/// <summary>LED, buzzer and console that nobody watches.</summary>
public sealed class RigQuiet : IStatusLed, IBuzzer, ISerialLink
{
    public void Set(LedColour colour, int brightnessPermille) { }
    public void Tone(int frequencyHz, int volumePermille) { }
    public int Read(byte[] buffer, int offset, int count) => 0;
    public void Write(byte[] buffer, int offset, int count) { }
}
