using LockFirmware.Simulator.Engine;

namespace LockFirmware.Simulator.Cli;

/// <summary>The default demo: a code typed on the keypad, the bolt unlocking, auto-relock, as a timeline.</summary>
public static class Demo
{
    /// <summary>Runs the demo, printing to <paramref name="output"/>; returns the exit code.</summary>
    public static int Run(TextWriter output)
    {
        output.WriteLine("locksim demo: reference board, 4 x AA alkaline at 20 C, door closed, bolt locked, the default 6-digit user code");
        output.WriteLine("(virtual time; the unchanged firmware runs against the simulated lock)");
        output.WriteLine();
        var sim = new SimulatedLock(new SimOptions());
        sim.OnEvent = e => output.WriteLine(TimelineFormatter.Describe(e));
        // Printed when the typing starts, not before the run: the timeline stays in time order (the self-test at 16 ms comes first).
        sim.At(1000, () => output.WriteLine($"{TimelineFormatter.Time(sim.NowMs)}  keypad: [digits] #  (a person types the code; codes are never shown)"));
        sim.TypeKeys(1000, "123456#");
        sim.At(8000, () => output.WriteLine($"{TimelineFormatter.Time(sim.NowMs)}  bolt at {sim.Plant.BoltMm:F1} mm (0 = retracted); waiting for auto-relock (30 s)"));
        sim.RunUntil(45000);
        var fw = sim.Firmware!;
        output.WriteLine();
        output.WriteLine($"end: lock_state={LockFirmware.Runtime.Names.LockState(fw.LockState)} bolt={sim.Plant.BoltMm:F1} mm unlocks={sim.Unlocks} locks={sim.Locks} battery={fw.Battery.RestMillivolts} mV");
        bool ok = sim.Unlocks == 1 && sim.Locks == 1 && fw.LockState == LockFirmware.Access.LockState.Locked;
        output.WriteLine(ok ? "demo OK: unlocked by code, relocked automatically" : "demo FAILED: the lock did not unlock and relock");
        return ok ? 0 : 1;
    }
}
