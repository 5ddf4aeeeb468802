using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Tests.Actuation;

/// <summary>
/// StrandBench's rhythm for one unit, shared by the tests that replay its units (BreakawayCheckTests, SeatingTests): provisioned
/// unlocked on a cold stiff bolt, a lock at 3 s and the owner's unlock 11.5 s later.
/// </summary>
public static class StrandRhythm
{
    /// <summary>When the lock is asked for, ms.</summary>
    public const long LockAtMs = 3000;

    /// <summary>When the unlock is asked for, ms.</summary>
    public const long UnlockAtMs = LockAtMs + 11500;

    /// <summary>A unit provisioned unlocked with this pack and bolt.</summary>
    public static SimulatedLock Unit(Chemistry chemistry, double temperatureC, double friction, double stateOfCharge, int seed) =>
        new(new SimOptions { Seed = seed, StartLocked = false, Hardware = new PlantParameters { TemperatureC = temperatureC, FrictionFactor = friction, Chemistry = chemistry, StateOfCharge = stateOfCharge } });
}
