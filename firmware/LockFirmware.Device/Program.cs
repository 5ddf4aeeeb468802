using LockFirmware.Hal;
using LockFirmware.Hal.Esp32;

namespace LockFirmware.Device
{
    /// <summary>The lock's entry point on the ESP32: build the board, start the firmware, then poll and sleep forever.</summary>
    public static class Program
    {
        /// <summary>nanoFramework starts the application here.</summary>
        public static void Main()
        {
            Board board = Esp32Board.Create();
            var controller = new LockController(board);
            controller.Start();
            while (true)
            {
                controller.Poll();
                board.Power.SleepUntil(controller.NextPollMs);
            }
        }
    }
}
