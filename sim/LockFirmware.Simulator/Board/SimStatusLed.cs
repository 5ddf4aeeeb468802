using LockFirmware.Hal;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Board;

/// <summary>The LED; remembers what it shows for the timeline.</summary>
public sealed class SimStatusLed(LockPlant plant) : IStatusLed
{
    /// <summary>Colour shown.</summary>
    public LedColour Colour { get; private set; }

    /// <inheritdoc/>
    public void Set(LedColour colour, int brightnessPermille)
    {
        Colour = colour;
        plant.SetLed(colour, brightnessPermille);
    }
}
