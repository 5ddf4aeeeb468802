using LockFirmware.Hal;

namespace LockFirmware.Tests.Hostile;

/// <summary>The keypad matrix: pressed keys connect their row to their column; garbage bits ignore the rows.</summary>
public sealed class RigKeypad : IKeypadMatrix
{
    public int DrivenRows { get; private set; }
    /// <summary>Bit per key (index in <see cref="BoardConfig.KeypadKeys"/>).</summary>
    public int PressedKeys { get; set; }
    /// <summary>Column bits that read high whatever the rows do.</summary>
    public int GarbageColumns { get; set; }

    public void DriveRow(int row) => DrivenRows = row < 0 || row >= BoardConfig.KeypadRows ? 0 : 1 << row;
    public void DriveAllRows() => DrivenRows = (1 << BoardConfig.KeypadRows) - 1;

    public int ReadColumns()
    {
        int columns = GarbageColumns;
        for (int k = 0; k < BoardConfig.KeypadKeys.Length; k++)
        {
            if ((PressedKeys & (1 << k)) == 0) continue;
            int row = k / BoardConfig.KeypadColumns, column = k % BoardConfig.KeypadColumns;
            if ((DrivenRows & (1 << row)) != 0) columns |= 1 << column;
        }
        return columns;
    }

    public bool IdleRows => DrivenRows == (1 << BoardConfig.KeypadRows) - 1;
}
