namespace LockFirmware.Hal
{
    /// <summary>
    /// The 3x4 keypad matrix: rows are driven outputs, columns are inputs with pull-downs.
    /// A pressed key connects its row to its column, so a driven row reads high on the column.
    /// </summary>
    public interface IKeypadMatrix
    {
        /// <summary>
        /// Drives one row high and releases the others. <c>-1</c> releases every row;
        /// <see cref="DriveAllRows"/> is the idle (wake-on-any-key) configuration.
        /// </summary>
        void DriveRow(int row);

        /// <summary>Drives every row high so that any key press raises a column (wake source while asleep).</summary>
        void DriveAllRows();

        /// <summary>Column levels as a bit mask: bit c set when column c reads high.</summary>
        int ReadColumns();
    }
}
