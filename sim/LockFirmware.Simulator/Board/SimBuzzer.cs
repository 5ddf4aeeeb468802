using LockFirmware.Hal;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Board;

/// <summary>The buzzer; remembers whether it sounds.</summary>
public sealed class SimBuzzer(LockPlant plant) : IBuzzer
{
    /// <summary>True while sounding.</summary>
    public bool Sounding { get; private set; }

    /// <inheritdoc/>
    public void Tone(int frequencyHz, int volumePermille)
    {
        Sounding = frequencyHz > 0 && volumePermille > 0;
        plant.SetBuzzer(frequencyHz, volumePermille);
    }
}
