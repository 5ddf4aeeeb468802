using System;
using System.Collections.Generic;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// Human key-press timing: each key is held 80-150 ms and the finger moves to the next key in 150-300 ms
/// (typical keypad entry rates; the dwell times of PIN-entry studies fall in this range). Drawn from a seeded
/// generator.
/// </summary>
public sealed class HumanTypist
{
    private readonly Random _random;

    /// <summary>Creates a typist whose timings come from <paramref name="random"/>.</summary>
    public HumanTypist(Random random)
    {
        _random = random;
    }

    /// <summary>Shortest hold, seconds.</summary>
    public double MinHoldSeconds { get; init; } = 0.080;

    /// <summary>Longest hold, seconds.</summary>
    public double MaxHoldSeconds { get; init; } = 0.150;

    /// <summary>Shortest gap between release and the next press, seconds.</summary>
    public double MinGapSeconds { get; init; } = 0.150;

    /// <summary>Longest gap, seconds.</summary>
    public double MaxGapSeconds { get; init; } = 0.300;

    /// <summary>
    /// Plans presses and releases for <paramref name="keys"/> starting at <paramref name="start"/>; appends
    /// (time, key, press) actions in time order and returns the time of the last release.
    /// </summary>
    public double Plan(string keys, double start, List<KeyAction> into)
    {
        double t = start;
        for (int i = 0; i < keys.Length; i++)
        {
            char key = keys[i];
            KeypadContacts.IndexOf(key); // validates
            if (i > 0)
            {
                t += MinGapSeconds + (MaxGapSeconds - MinGapSeconds) * _random.NextDouble();
            }
            into.Add(new KeyAction(t, key, true));
            t += MinHoldSeconds + (MaxHoldSeconds - MinHoldSeconds) * _random.NextDouble();
            into.Add(new KeyAction(t, key, false));
        }
        return t;
    }
}
