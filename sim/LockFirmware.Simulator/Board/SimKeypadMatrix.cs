using LockFirmware.Hal;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Board;

/// <summary>The keypad matrix wired to the plant's key contacts.</summary>
public sealed class SimKeypadMatrix(LockPlant plant) : IKeypadMatrix
{
    /// <summary>Rows currently driven (bit per row).</summary>
    public int DrivenRows { get; private set; }

    /// <inheritdoc/>
    public void DriveRow(int row)
    {
        DrivenRows = row < 0 ? 0 : 1 << row;
        plant.SetKeypadRows(DrivenRows);
    }

    /// <inheritdoc/>
    public void DriveAllRows()
    {
        DrivenRows = (1 << BoardConfig.KeypadRows) - 1;
        plant.SetKeypadRows(DrivenRows);
    }

    /// <inheritdoc/>
    public int ReadColumns() => plant.ReadKeypadColumns();
}
