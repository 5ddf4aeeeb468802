using System;
using System.Diagnostics;
using LockFirmware.Bench.Shared;
using LockFirmware.Hal;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Bench.PlantSpeed;

/// <summary>
/// Prints simulated seconds per wall-clock second for the plant alone, on one core:
/// a motor-running stretch (repeated lock/unlock strokes stepped at 1 ms and 0.5 ms, sampling both ADC channels
/// every step, more often than the firmware's 5 ms control loop does) and an idle stretch (AdvanceQuiet in 10 s
/// chunks, as a sleeping lock waking every 10 s would). Targets: at least 1,000x while the motor runs, at least
/// 100,000x idle. The simulator itself steps at 1 ms (<see cref="SimulatedLock.StepMs"/>,
/// <see cref="LockPlant.MaxSubStepSeconds"/>), so that is the step the target applies to; the 0.5 ms line shows the
/// margin a finer step would leave. Each stretch is timed in five repeats and the median is shown with the range:
/// one stretch lasts only tenths of a second, so one scheduler hiccup on a shared machine would otherwise decide it.
/// Usage: dotnet run -c Release --project bench/PlantSpeed [-- --seconds N]   (simulated seconds per motor repeat)
/// For instruction counts, which a shared machine's load does not move: <c>--steps N</c> runs N motor steps of 1 ms
/// with both samples and no timing; the difference between two such runs under
/// <c>valgrind --tool=callgrind dotnet bench/PlantSpeed/bin/Release/net10.0/PlantSpeed.dll --steps N</c> divided by
/// the difference in N is the cost of one step.
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmark.</summary>
    public static int Main(string[] args)
    {
        const int repeats = 5;
        var cli = CommandLine.Spec().ParseOrExit(args);
        if (cli.Given("--steps"))
        {
            int steps = cli.Int("--steps");
            Console.WriteLine($"{steps} motor steps of 1 ms, checksum {MotorSteps(steps, 0.001)}");
            return 0;
        }
        double runSeconds = cli.Number("--seconds");
        PinToOneCore();

        // Warm-up so the JIT has optimised the hot paths.
        Motor(10, 0.001);
        Idle(86400);

        var motor1 = Median(repeats, () => Motor(runSeconds, 0.001));
        var motorHalf = Median(repeats, () => Motor(runSeconds, 0.0005));
        var idle = Median(repeats, () => Idle(365.25 * 86400));

        Console.WriteLine($"plant speed, simulated seconds per second: wall clock, median of {repeats} repeats (range), and per CPU");
        Console.WriteLine($"second of this thread in the median repeat (what one free core gives when the machine is shared);");
        Console.WriteLine($"motor: {runSeconds:0} simulated s per repeat, both ADC channels sampled every step; idle: one year in 10 s jumps");
        Console.WriteLine($"  motor running, 1 ms steps   : {motor1.Wall,12:N0} x wall ({motor1.Low:N0}..{motor1.High:N0})  {motor1.Cpu,12:N0} x cpu");
        Console.WriteLine($"  motor running, 0.5 ms steps : {motorHalf.Wall,12:N0} x wall ({motorHalf.Low:N0}..{motorHalf.High:N0})  {motorHalf.Cpu,12:N0} x cpu");
        Console.WriteLine($"  idle (AdvanceQuiet 10 s)    : {idle.Wall,12:N0} x wall ({idle.Low:N0}..{idle.High:N0})  {idle.Cpu,12:N0} x cpu");
        Console.WriteLine($"targets (wall clock, median): motor >= 1,000 x at the simulator's 1 ms step: {Verdict(motor1.Wall, 1000)};"
            + $" at 0.5 ms steps (not used by the simulator): {Verdict(motorHalf.Wall, 1000)}; idle >= 100,000 x: {Verdict(idle.Wall, 100000)}");
        if (!ThreadCpuClock.PerThread)
        {
            Console.WriteLine("(cpu figures are the whole process's CPU time: no per-thread clock on this system)");
        }
        return 0;
    }

    private static string Verdict(double speed, double target) => speed >= target ? "met" : "MISSED";

    private static (double Wall, double Low, double High, double Cpu) Median(int repeats, Func<(double Wall, double Cpu)> run)
    {
        var runs = new (double Wall, double Cpu)[repeats];
        for (int i = 0; i < repeats; i++)
        {
            runs[i] = run();
        }
        Array.Sort(runs, (a, b) => a.Wall.CompareTo(b.Wall));
        var median = runs[repeats / 2];
        return (median.Wall, runs[0].Wall, runs[repeats - 1].Wall, median.Cpu);
    }

    private static (double Wall, double Cpu) Motor(double simulatedSeconds, double dt)
    {
        double cpu0 = ThreadCpuClock.Seconds();
        var sw = Stopwatch.StartNew();
        int steps = (int)Math.Ceiling(simulatedSeconds / dt - 1e-9);
        long checksum = MotorSteps(steps, dt);
        sw.Stop();
        double cpu = ThreadCpuClock.Seconds() - cpu0;
        GC.KeepAlive(checksum);
        double simulated = steps * dt;
        return (simulated / sw.Elapsed.TotalSeconds, simulated / cpu);
    }

    /// <summary>Back-to-back strokes: <paramref name="steps"/> plant steps, both ADC channels sampled after each.</summary>
    private static long MotorSteps(int steps, double dt)
    {
        var plant = new LockPlant(new PlantParameters(), 1);
        long checksum = 0;
        bool extending = true;
        double strokeStart = 0;
        plant.SetBridge(BridgeMode.Forward, 1000);
        for (int i = 0; i < steps; i++)
        {
            plant.Step(dt);
            checksum += plant.SampleMotorCurrentCounts() + plant.SampleBatteryCounts();
            bool atEnd = extending ? !plant.LimitExtendedHigh : !plant.LimitRetractedHigh;
            if (atEnd || plant.TimeSeconds - strokeStart > 1.5)
            {
                extending = !extending;
                strokeStart = plant.TimeSeconds;
                plant.SetBridge(extending ? BridgeMode.Forward : BridgeMode.Reverse, 1000);
            }
        }
        return checksum;
    }

    private static (double Wall, double Cpu) Idle(double simulatedSeconds)
    {
        var plant = new LockPlant(new PlantParameters(), 1);
        plant.SetMcuState(McuPowerState.DeepSleep);
        long checksum = 0;
        double cpu0 = ThreadCpuClock.Seconds();
        var sw = Stopwatch.StartNew();
        while (plant.TimeSeconds < simulatedSeconds)
        {
            plant.AdvanceQuiet(10.0);
            checksum += plant.SampleBatteryCounts();
        }
        sw.Stop();
        double cpu = ThreadCpuClock.Seconds() - cpu0;
        GC.KeepAlive(checksum);
        return (plant.TimeSeconds / sw.Elapsed.TotalSeconds, plant.TimeSeconds / cpu);
    }

    private static void PinToOneCore()
    {
        try
        {
            if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
            {
                Process.GetCurrentProcess().ProcessorAffinity = (IntPtr)1;
            }
        }
        catch (Exception e) when (e is PlatformNotSupportedException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Console.Error.WriteLine($"note: could not pin to one core ({e.Message}); the loop is single-threaded anyway");
        }
    }
}
