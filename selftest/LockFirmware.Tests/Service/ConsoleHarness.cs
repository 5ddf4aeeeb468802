using Xunit;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Tests.Service;

/// <summary>Drives the technician console of a simulated lock: one line in, the reply out.</summary>
public static class ConsoleHarness
{
    public const string Technician = "24681357";

    public static SimulatedLock NewLock(int seed = 1, bool startLocked = true) =>
        new(new SimOptions { Seed = seed, StartLocked = startLocked });

    /// <summary>Sends <paramref name="line"/> now and runs until the reply is complete (or <paramref name="maxMs"/>).</summary>
    public static string Send(SimulatedLock sim, string line, int maxMs = 2000)
    {
        sim.Serial.TakeOutput();
        sim.ConsoleAt(sim.NowMs, line);
        string text = "";
        for (int waited = 0; waited < maxMs; waited += 10)
        {
            sim.RunUntil(sim.NowMs + 10);
            text += sim.Serial.TakeOutput();
            if (Complete(text)) break;
        }
        return text;
    }

    public static bool Complete(string text)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length > 0 && (lines[^1] == "OK" || lines[^1].StartsWith("ERR "));
    }

    public static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];

    public static string? Value(string text, string key)
    {
        foreach (string l in text.Split('\n'))
        {
            if (l.StartsWith(key + "=")) return l[(key.Length + 1)..];
        }
        return null;
    }

    /// <summary>One key of the console's <c>battery</c> reply (the technician must be logged in).</summary>
    public static string BatteryValue(SimulatedLock sim, string key) => Value(Send(sim, "battery"), key)!;

    public static SimulatedLock LoggedIn(int seed = 1)
    {
        var sim = NewLock(seed);
        string r = Send(sim, "login " + Technician);
        Assert.Equal("OK", LastLine(r));
        return sim;
    }

    /// <summary>Cuts the power for 2 s now and runs until the restarted lock has settled.</summary>
    public static SimulatedLock PowerCycled(SimulatedLock sim)
    {
        sim.PowerCutAt(sim.NowMs, 2000);
        sim.RunUntil(sim.NowMs + 6000);
        return sim;
    }

    /// <summary>
    /// Unlocks opened by <paramref name="keys"/> typed at the keypad: <c>#</c> first (locks an unlocked lock), then the keys
    /// 4 s later, then 8 s for the stroke.
    /// </summary>
    public static int Opened(SimulatedLock sim, string keys)
    {
        int before = sim.Unlocks;
        long t = sim.TypeKeys(sim.NowMs + 500, "#");
        t = sim.TypeKeys(t + 4000, keys);
        sim.RunUntil(t + 8000);
        return sim.Unlocks - before;
    }

    public static SimulatedLock LoggedInLock(SimulatedLock sim)
    {
        string r = Send(sim, "login " + Technician);
        Assert.Equal("OK", LastLine(r));
        return sim;
    }
}
