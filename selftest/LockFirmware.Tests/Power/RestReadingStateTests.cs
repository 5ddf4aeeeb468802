using LockFirmware.Actuation;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;
using Xunit.Abstractions;

namespace LockFirmware.Tests.Power;

/// <summary>
/// Issue 5, estimate accuracy: the gauge's rest readings are taken in two MCU states, awake (at a boot, before an operation)
/// and out of light sleep (the settled sample 10 s after a stroke, the 10-minute samples of an awake window), and on a cold
/// or nearly empty pack the two differ by the awake current times the pack resistance, 100-150 mV. The gauge keeps them at
/// the awake current: otherwise the auto-relock, whose rest reading is the settled light-sleep one, measures the pack's
/// two-point resistance ~25 % higher than the unlock before it, the filtered rest voltage jumps after every stroke, and the
/// trend the end-of-service prediction is drawn from is the mixture's.
/// </summary>
public class RestReadingStateTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Lock_and_unlock_strokes_measure_the_same_pack_resistance_on_a_cold_pack(int seed)
    {
        // 5 unlocks a day, each auto-relocked 30 s later, on a 30 % pack at -20 C: 3 days.
        long lockSum = 0, unlockSum = 0;
        int locks = 0, unlocks = 0;
        var run = new DischargeRun
        {
            Chemistry = Chemistry.Alkaline, TemperatureC = -20, StateOfCharge = 0.30, UnlocksPerDay = 5, MaxDays = 3, Seed = seed,
            EachDay = (r, d) =>
            {
                if (d != 0) return;
                var sim = r.Sim!;
                var previous = sim.OnEvent;
                sim.OnEvent = ev =>
                {
                    previous?.Invoke(ev);
                    if (ev.Kind != LockEventKind.Operation || sim.Firmware == null) return;
                    StrokeRecord s = sim.Firmware.Drive.Record;
                    if (s.PeakMilliamps < 50 || s.MinBatteryMillivolts >= s.RestBatteryMillivolts) return;
                    long milliohms = (long)(s.RestBatteryMillivolts - s.MinBatteryMillivolts) * 1000 / s.PeakMilliamps;
                    if (s.Direction == StrokeDirection.Extend) { lockSum += milliohms; locks++; }
                    else { unlockSum += milliohms; unlocks++; }
                };
            },
        }.Run();
        Assert.True(locks >= 10 && unlocks >= 10, $"{locks} locks, {unlocks} unlocks");
        double lockOhms = lockSum / (double)locks / 1000, unlockOhms = unlockSum / (double)unlocks / 1000;
        output.WriteLine($"unit {seed}: two-point resistance, lock strokes {lockOhms:F3} Ohm (n {locks}), unlock strokes {unlockOhms:F3} Ohm (n {unlocks}), true ohmic {run.Sim!.Plant.Pack.SeriesOhms:F3}");
        // Same pack, same motor, seconds apart: within 10 % (on main 6d4eb9e the lock strokes read 22 % higher: 2.98 against 2.44 Ohm on unit 1, 3.06 against 2.50 on unit 5).
        Assert.InRange(lockOhms / unlockOhms, 0.90, 1.10);
        Assert.Equal(0, run.FailedUnlocks);
    }
}
