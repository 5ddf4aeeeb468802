using System;
using System.Diagnostics;
using LockFirmware.Hal;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Bench.PlantSpeed;

/// <summary>
/// Prints simulated seconds per wall-clock second for the plant alone, on one core:
/// a motor-running stretch (repeated lock/unlock strokes stepped at 1 ms and 0.5 ms, sampling both ADC channels
/// every step as a firmware control loop would) and an idle stretch (AdvanceQuiet in 10 s chunks, as a sleeping
/// lock waking every 10 s would). Targets: at least 1,000x while the motor runs, at least 100,000x idle.
/// Usage: dotnet run -c Release --project bench/PlantSpeed [-- --seconds N]
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmark.</summary>
    public static int Main(string[] args)
    {
        double runSeconds = 120;
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--seconds" && !double.TryParse(args[i + 1], System.Globalization.NumberStyles.Float,
                    System.Globalization.CultureInfo.InvariantCulture, out runSeconds))
            {
                Console.Error.WriteLine("--seconds needs a number");
                return 2;
            }
        }
        PinToOneCore();

        // Warm-up so the JIT has optimised the hot paths.
        Motor(10, 0.001);
        Idle(86400);

        var motor1 = Motor(runSeconds, 0.001);
        var motorHalf = Motor(runSeconds, 0.0005);
        var idle = Idle(365.25 * 86400);

        Console.WriteLine("plant speed, simulated seconds per second: wall clock (and per CPU second of this thread,");
        Console.WriteLine("which is what one free core would give when the machine is shared)");
        Console.WriteLine($"  motor running, 1 ms steps   : {motor1.Wall,12:N0} x wall  {motor1.Cpu,12:N0} x cpu");
        Console.WriteLine($"  motor running, 0.5 ms steps : {motorHalf.Wall,12:N0} x wall  {motorHalf.Cpu,12:N0} x cpu");
        Console.WriteLine($"  idle (AdvanceQuiet 10 s)    : {idle.Wall,12:N0} x wall  {idle.Cpu,12:N0} x cpu");
        double motorWall = Math.Min(motor1.Wall, motorHalf.Wall);
        Console.WriteLine($"targets (wall clock): motor >= 1,000 x: {(motorWall >= 1000 ? "met" : "MISSED")}; idle >= 100,000 x: {(idle.Wall >= 100000 ? "met" : "MISSED")}");
        return 0;
    }

    private static (double Wall, double Cpu) Motor(double simulatedSeconds, double dt)
    {
        var plant = new LockPlant(new PlantParameters(), 1);
        long checksum = 0;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        bool extending = true;
        double strokeStart = 0;
        plant.SetBridge(BridgeMode.Forward, 1000);
        while (plant.TimeSeconds < simulatedSeconds)
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
        sw.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        GC.KeepAlive(checksum);
        return (plant.TimeSeconds / sw.Elapsed.TotalSeconds, plant.TimeSeconds / cpu.TotalSeconds);
    }

    private static (double Wall, double Cpu) Idle(double simulatedSeconds)
    {
        var plant = new LockPlant(new PlantParameters(), 1);
        plant.SetMcuState(McuPowerState.DeepSleep);
        long checksum = 0;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        while (plant.TimeSeconds < simulatedSeconds)
        {
            plant.AdvanceQuiet(10.0);
            checksum += plant.SampleBatteryCounts();
        }
        sw.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        GC.KeepAlive(checksum);
        return (plant.TimeSeconds / sw.Elapsed.TotalSeconds, plant.TimeSeconds / cpu.TotalSeconds);
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
