using LockFirmware.Power;
using LockFirmware.Storage;
using Xunit;
using Xunit.Abstractions;

namespace LockFirmware.Tests.Power;

/// <summary>
/// Issue 5: near a cold pack's end the estimate must not follow the motor-resistance mean's wander or the count's voltage
/// correction (docs/power.md, "moved with the correction, long motor mean"). Synthetic inputs to the gauge: an alkaline
/// pack near its end at -20 C (rest ~4.45 V, 2.9 ohm), one lock-sized stroke an hour.
/// </summary>
public class FloorSteadinessTests(ITestOutputHelper output)
{
    private const long Hour = 3600000;

    /// <summary>
    /// Runs <paramref name="strokes"/> hourly strokes; <paramref name="motorAt"/> gives the motor resistance measured after
    /// stroke i, <paramref name="restOffsetAt"/> an offset of the rest reading at hour i (mV).
    /// </summary>
    private static BatteryEstimator Run(int strokes, Func<int, int> motorAt, Func<int, int> restOffsetAt)
    {
        var e = new BatteryEstimator();
        e.Configure(CellChemistry.Alkaline);
        e.MotorMilliohms = 14500;
        for (int i = 0; i < strokes; i++)
        {
            long t = i * Hour;
            e.MotorMilliohms = motorAt(i);
            // The pack sags ~0.3 mV an hour; the rest reading carries the offset.
            int rest = 4450 - i * 3 / 10 + restOffsetAt(i);
            e.OnRestSample(t, rest);
            // 250 mA through 2.9 ohm: 725 mV under the rest reading at the stroke's minimum.
            e.OnStroke(t + 1000, rest, rest - 725, 250, 400000);
        }
        return e;
    }

    /// <summary>The gauge's deep-sleep state written into <paramref name="buffer"/>; its length in bytes.</summary>
    private static int Save(BatteryEstimator e, byte[] buffer)
    {
        var w = new ByteWriter();
        w.Reset(buffer, 0);
        e.WriteState(w);
        return w.Position;
    }

    [Fact]
    public void A_dip_of_the_motor_resistance_mean_does_not_move_the_end_of_service()
    {
        // 60 strokes at 14.5 ohm, then 20 read 6 % low (the rotor's resting angle carries from stroke to stroke: the
        // 16-stroke mean dipped so on unit 6 at -20 C), then back. The floor search and the trend fit use a 128-stroke mean.
        var steady = Run(100, _ => 14500, _ => 0);
        var dipped = Run(100, i => i >= 60 && i < 80 ? 13630 : 14500, _ => 0);
        var atDip = Run(80, i => i >= 60 ? 13630 : 14500, _ => 0);
        var beforeDip = Run(80, _ => 14500, _ => 0);
        output.WriteLine($"at the dip's end: floor {beforeDip.EndOfServicePermille} -> {atDip.EndOfServicePermille} permille, pairs {beforeDip.RemainingPairs} -> {atDip.RemainingPairs}; after: {steady.RemainingPairs} / {dipped.RemainingPairs}");
        Assert.InRange(atDip.EndOfServicePermille - beforeDip.EndOfServicePermille, -1, 1);
        Assert.InRange(atDip.RemainingPairs - beforeDip.RemainingPairs, -4, 4);
        Assert.InRange(dipped.RemainingPairs - steady.RemainingPairs, -4, 4);
    }

    [Fact]
    public void A_day_of_rest_readings_a_little_low_does_not_move_the_estimate()
    {
        // The rest readings of one day sit 6 mV low (two steps of the ADC at the pack's divider): the count's voltage
        // correction follows them, 1/16 per reading, and so does the anchored search; the followed floor moves with the
        // correction, so what is left in between stays.
        var even = Run(96, _ => 14500, _ => 0);
        var low = Run(96, _ => 14500, i => i >= 48 && i < 72 ? -6 : 0);
        output.WriteLine($"pairs {even.RemainingPairs} / {low.RemainingPairs}; floor {even.EndOfServicePermille} / {low.EndOfServicePermille}");
        Assert.InRange(low.RemainingPairs - even.RemainingPairs, -6, 6);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(7, true)]
    [InlineData(4, false)]
    [InlineData(8, false)]
    [InlineData(12, false)]
    [InlineData(16, false)]
    public void The_deep_sleep_state_keeps_the_floor_motor_mean_and_reads_an_old_or_odd_record(int value, bool overwrite)
    {
        // overwrite: the floor's motor mean (the fourth field from the end) replaced by value (0 or 7 milliohms: no winding
        // has that); otherwise the record cut value bytes short, as firmware before the appended fields wrote it.
        var e = Run(60, i => i >= 40 ? 13630 : 14500, _ => 0);
        var buffer = new byte[512];
        int full = Save(e, buffer);
        int length = full;
        if (overwrite) { var w = new ByteWriter(); w.Reset(buffer, full - 16); w.Int32(value); }
        else length -= value;
        var r = new ByteReader();
        r.Reset(buffer, 0, length);
        var restored = new BatteryEstimator();
        Assert.True(restored.ReadState(r, 60 * Hour));
        Assert.True(restored.RemainingPairs >= 0);
        var copy = new byte[512];
        Assert.Equal(full, Save(restored, copy));
        // An odd or missing motor mean is not kept: the gauge starts again from the guard's (written back as 0).
        if (overwrite || value == 16) Assert.Equal(0, BitConverter.ToInt32(copy, full - 16));
        else Assert.Equal(BitConverter.ToInt32(buffer, full - 16), BitConverter.ToInt32(copy, full - 16));
        // The motor mean's scatter (the second field from the end): a record without it starts from the prior (written
        // back as 0) until the next stroke measures it.
        if (length < full - 4) Assert.Equal(0, BitConverter.ToInt32(copy, full - 8));
        else Assert.Equal(BitConverter.ToInt32(buffer, full - 8), BitConverter.ToInt32(copy, full - 8));
        // The inrush ratio (the last field): a record without it learns it anew (written back as 0).
        if (length < full) Assert.Equal(0, BitConverter.ToInt32(copy, full - 4));
        else Assert.Equal(BitConverter.ToInt32(buffer, full - 4), BitConverter.ToInt32(copy, full - 4));
    }

    /// <summary>
    /// The motor resistance each stroke hands the gauge: the calibration's standstill reading, which sees the rotor at one
    /// angle (commutation ripple +-12 %) and blends it 1/2 into the value before (docs/power.md), so successive values carry
    /// over; <paramref name="level"/> is the winding's true resistance at stroke i.
    /// </summary>
    private static Func<int, int> Blended(int seed, Func<int, int> level)
    {
        var rng = new Random(seed);
        int last = 0;
        int at = -1;
        return i =>
        {
            // Called once per stroke, in order.
            Assert.Equal(at + 1, i);
            at = i;
            int raw = level(i) + (int)(level(i) * (rng.NextDouble() * 0.24 - 0.12));
            last = last == 0 ? raw : (last + raw) / 2;
            return last;
        };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_brown_out_guard_does_not_follow_the_motor_mean_s_wander(int seed)
    {
        // 400 hourly strokes at a steady temperature: only the standstill readings' rotor-angle scatter moves the 16-stroke
        // mean (bench/PowerBench alkaline -20 --seed 2: 1.9 % below the 128-stroke mean when the first lock was refused, 23
        // pairs before the estimate's end). The guard's predicted sag must stay with the long mean the floor uses.
        var e = new BatteryEstimator();
        e.Configure(CellChemistry.Alkaline);
        // The calibration's value at start-up (LockController assigns it once before the first stroke).
        e.MotorMilliohms = 14500;
        var motor = Blended(seed, _ => 14500);
        int worst = 0;
        for (int i = 0; i < 400; i++)
        {
            long t = i * Hour;
            e.MotorMilliohms = motor(i);
            int rest = 4450 - i / 10;
            e.OnRestSample(t, rest);
            e.OnStroke(t + 1000, rest, rest - 725, 250, 400000);
            if (i < 128) continue;
            // The sag the guard predicts, against the one at the true winding resistance.
            worst = Math.Max(worst, Math.Abs(e.PredictedLoadMillivolts(e.GuardMotorMilliohms) - e.PredictedLoadMillivolts(14500)));
        }
        output.WriteLine($"seed {seed}: guard's predicted load at most {worst} mV off the true winding's");
        Assert.InRange(worst, 0, 8);
    }

    [Fact]
    public void The_brown_out_guard_follows_copper_that_cooled()
    {
        // A cold spell: the winding reads 12 % lower from stroke 200 on (copper 30 K colder at 0.393 %/K; under the 28 % jump
        // rule). A colder winding draws a higher stall current: within 48 strokes the guard must predict with it, as the
        // 16-stroke mean it followed before does, not with the 128-stroke mean still on its way down.
        var e = new BatteryEstimator();
        e.Configure(CellChemistry.Alkaline);
        e.MotorMilliohms = 14500;
        var motor = Blended(4, i => i < 200 ? 14500 : 12760);
        for (int i = 0; i < 248; i++)
        {
            long t = i * Hour;
            e.MotorMilliohms = motor(i);
            e.OnRestSample(t, 4450);
            e.OnStroke(t + 1000, 4450, 3725, 250, 400000);
        }
        output.WriteLine($"guard {e.GuardMotorMilliohms} mOhm, predicted load {e.PredictedLoadMillivolts(e.GuardMotorMilliohms)} mV (at 14500: {e.PredictedLoadMillivolts(14500)}, at 12760: {e.PredictedLoadMillivolts(12760)})");
        Assert.InRange(e.GuardMotorMilliohms, 0, 12760 * 105 / 100);
    }

    [Fact]
    public void An_intact_deep_sleep_state_restores_the_same_floor_and_estimate()
    {
        var e = Run(60, i => i >= 40 ? 13630 : 14500, _ => 0);
        var buffer = new byte[512];
        var r = new ByteReader();
        r.Reset(buffer, 0, Save(e, buffer));
        var restored = new BatteryEstimator();
        Assert.True(restored.ReadState(r, 59 * Hour + 2000));
        output.WriteLine($"floor {e.EndOfServicePermille} / {restored.EndOfServicePermille}, pairs {e.RemainingPairs} / {restored.RemainingPairs}");
        Assert.Equal(e.EndOfServicePermille, restored.EndOfServicePermille);
        // The estimate too: its smoothing state comes back (before, the wake took the unsmoothed value, 213 -> 242 pairs).
        Assert.Equal(e.RemainingPairs, restored.RemainingPairs);
        // Both go on alike for a day: the floor's motor mean came back with the rest of the state.
        for (int i = 60; i < 84; i++)
        {
            e.OnRestSample(i * Hour, 4432);
            restored.OnRestSample(i * Hour, 4432);
            e.OnStroke(i * Hour + 1000, 4432, 3707, 250, 400000);
            restored.OnStroke(i * Hour + 1000, 4432, 3707, 250, 400000);
        }
        Assert.Equal(e.EndOfServicePermille, restored.EndOfServicePermille);
        Assert.Equal(e.RemainingPairs, restored.RemainingPairs);
    }
}
