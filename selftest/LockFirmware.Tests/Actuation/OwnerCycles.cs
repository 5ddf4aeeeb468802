using LockFirmware.Simulator.Engine;

namespace LockFirmware.Tests.Actuation;

/// <summary>
/// The owner's use as DiagnosisBench runs it (bench/DiagnosisBench): every 16 s a code unlock, the door open 5 s later and
/// shut 3 s after that, and a lock with '#' 10 s in.
/// </summary>
internal static class OwnerCycles
{
    /// <summary>Schedules the cycles that start before <paramref name="untilMs"/> on <paramref name="sim"/>.</summary>
    public static void Schedule(SimulatedLock sim, long untilMs)
    {
        for (long t = 0; t < untilMs; t += 16000)
        {
            sim.TypeKeys(t + 500, "123456#");
            sim.At(t + 5500, () => sim.Plant.SetDoor(true));
            sim.At(t + 8500, () => sim.Plant.SetDoor(false));
            sim.TypeKeys(t + 10500, "#");
        }
    }
}
