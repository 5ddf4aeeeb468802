namespace LockFirmware.Hal
{
    /// <summary>What the two-colour (red/green) status LED shows.</summary>
    public enum LedColour
    {
        /// <summary>Both dies off.</summary>
        Off = 0,
        /// <summary>Green die on.</summary>
        Green = 1,
        /// <summary>Red die on.</summary>
        Red = 2,
        /// <summary>Both dies on (seen as amber).</summary>
        Amber = 3,
    }
}
