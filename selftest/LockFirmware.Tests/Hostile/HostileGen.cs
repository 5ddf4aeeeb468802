using CsCheck;
using LockFirmware.Hal;
using LockFirmware.Simulator.Board;
using LockFirmware.Simulator.Engine;

namespace LockFirmware.Tests.Hostile;

/// <summary>Generators for <see cref="HostileRig"/> runs, and the flash of a provisioned lock.</summary>
public static class HostileGen
{
    /// <summary>ADC counts over the whole range, the rails and the sane values weighted in.</summary>
    public static readonly Gen<int> Counts = Gen.Frequency(
        (3, Gen.Const(0)),
        (3, Gen.Const(BoardConfig.AdcMaxCounts)),
        (4, Gen.Int[0, BoardConfig.AdcMaxCounts]),
        // Around a sane pack (6 V is 2100 counts) and a sane motor current (bias 210, stall ~2100).
        (3, Gen.Int[1900, 2300]),
        (2, Gen.Int[150, 1100]));

    public static readonly Gen<AnalogScript> Analog = Gen.Frequency(
        (4, Gen.Const(AnalogScript.Sane)),
        (3, Counts.Select(c => new AnalogScript(AnalogMode.Constant, c, 0, 1))),
        (2, Gen.Select(Counts, Gen.Int[1, 400], (a, b) => new AnalogScript(AnalogMode.Noise, a, b, 1))),
        (2, Gen.Select(Counts, Counts, Gen.Int[1, 500], (a, b, p) => new AnalogScript(AnalogMode.Jump, a, b, p))),
        (1, Gen.Const(new AnalogScript(AnalogMode.Garbage, 0, 0, 1))));

    public static readonly Gen<DigitalScript> Digital = Gen.Frequency(
        (4, Gen.Const(DigitalScript.Sane)),
        (3, Gen.Bool.Select(h => new DigitalScript(DigitalMode.Constant, h, 1))),
        (2, Gen.Select(Gen.Bool, Gen.Int[1, 300], (h, p) => new DigitalScript(DigitalMode.Flicker, h, p))),
        (2, Gen.Int[1, 300].Select(p => new DigitalScript(DigitalMode.Random, false, p))));

    private static readonly string[] Typed = { "123456#", "#", "*", "87654321#", "999999#", "**87654321#", "0000000000000#", "1#2#3#" };

    public static readonly Gen<KeypadScript> Keys = Gen.Frequency(
        (4, Gen.Const(KeypadScript.Idle)),
        (2, Gen.Int[20, 400].Select(p => new KeypadScript(KeypadMode.RandomKeys, p, 0, ""))),
        (1, Gen.Select(Gen.Int[1, 7], Gen.Int[1, 200], (m, p) => new KeypadScript(KeypadMode.Garbage, p, m, ""))),
        (2, Gen.Select(Gen.Int[0, Typed.Length - 1], Gen.Int[200, 400], (i, p) => new KeypadScript(KeypadMode.Typed, p, 0, Typed[i]))),
        (1, Gen.Select(Gen.Int[0, 11].Array[1, 12], Gen.Int[200, 400],
            (ks, p) => new KeypadScript(KeypadMode.Typed, p, 0, new string(ks.Select(k => BoardConfig.KeypadKeys[k]).ToArray())))));

    public static readonly Gen<HostileAction> Action = Gen.Frequency(
        (5, Gen.Const(HostileAction.None)),
        (3, Gen.Const(HostileAction.Lock)),
        (3, Gen.Const(HostileAction.Unlock)),
        (1, Gen.Const(HostileAction.Calibrate)),
        (1, Gen.Const(HostileAction.SelfTest)),
        (1, Gen.Const(HostileAction.PowerOn)),
        (1, Gen.Const(HostileAction.BrownOut)));

    public static readonly Gen<Segment> HostileSegment =
        // Now and then a minute and more: past the awake window (LockController.AwakeWindowMs), so deep sleep and the wakes
        // out of it (a key, the door, a limit switch, a request) run under hostile inputs too.
        Gen.Select(Gen.Frequency((12, Gen.Int[50, 4000]), (1, Gen.Int[60000, 75000])), Action, Analog, Analog, Digital, Digital, Digital, Keys,
            (ms, a, battery, current, extended, retracted, door, keys) => new Segment(ms, a, battery, current, extended, retracted, door, keys));

    public static readonly Gen<HostileCase> Case =
        Gen.Select(Gen.Frequency((4, Gen.Const(true)), (1, Gen.Const(false))), Gen.Bool,
            Gen.OneOf(Gen.Const(0), Gen.Const(BoardConfig.BoltThrowTenthsMm), Gen.Int[0, BoardConfig.BoltThrowTenthsMm]),
            Gen.Int, HostileSegment.Array[1, 5], Gen.Bool,
            (p, on, bolt, seed, segments, finalLock) => new HostileCase(p, on, bolt, seed, segments, finalLock));

    private static readonly Lazy<(byte[] Bytes, int Length)[]> ProvisionedImage = new(() =>
    {
        // The simulator's provisioning: codes 123456 / 87654321 / 24681357 stored, ADC trimmed, chemistry set, calibrated on
        // its plant at 20 C, locked, rebooted.
        var sim = new SimulatedLock(new SimOptions { Seed = 1 });
        var s = sim.Storage;
        var image = new (byte[], int)[s.SlotCount];
        for (int i = 0; i < s.SlotCount; i++)
        {
            var buffer = new byte[s.SlotBytes];
            image[i] = (buffer, s.Read(i, buffer));
        }
        return image;
    });

    /// <summary>A fresh copy of the provisioned lock's flash (or an empty one).</summary>
    public static SimStorage Flash(bool provisioned)
    {
        var storage = new SimStorage();
        if (!provisioned) return storage;
        var image = ProvisionedImage.Value;
        for (int i = 0; i < image.Length; i++)
            if (image[i].Length > 0) storage.Write(i, image[i].Bytes, image[i].Length);
        return storage;
    }

    /// <summary>The provisioned image's slot <paramref name="slot"/> (bytes, length).</summary>
    public static (byte[] Bytes, int Length) ProvisionedSlot(int slot) => ProvisionedImage.Value[slot];
}
