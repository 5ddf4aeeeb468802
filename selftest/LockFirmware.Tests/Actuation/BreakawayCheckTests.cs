using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Actuation;

/// <summary>
/// The breakaway check (BoltDrive.BreakawayCheck): a lock's first attempt on a pack reading below 4.6 V holds its soft start
/// at 75 % duty until the rotor is seen to turn. A bolt that does not break away there leaves the unlock no force to spare
/// (greased steel breaks away at about 1.3 times its sliding friction), so the lock is refused for the pack before the bolt
/// leaves its stop. Units from a grid of -20 / -25 / -30 C, friction x1.2 / 1.4 / 1.6 and alkaline at 25 / 31 / 40 %
/// (20 units each, lock at 3 s, unlock 11.5 s later): before the check 27 of the 540 were left with the bolt half out or
/// thrown and an unlock that could not move it; with it none (docs/power.md, the breakaway check).
/// </summary>
public class BreakawayCheckTests
{
    private const long LockAtMs = StrandRhythm.LockAtMs;
    private const long UnlockAtMs = StrandRhythm.UnlockAtMs;

    private static SimulatedLock Unit(int seed, double temperatureC, double friction, double stateOfCharge) =>
        StrandRhythm.Unit(Chemistry.Alkaline, temperatureC, friction, stateOfCharge, seed);

    [Theory]
    // Units the grid found stranded before the check: the lock crawled the bolt out and either completed (the unlock then
    // stalled at the thrown end) or was taken back for the pack half way, where the way back and the unlock stalled.
    [InlineData(-30, 1.4, 0.31, 2)] [InlineData(-30, 1.4, 0.31, 8)] [InlineData(-30, 1.4, 0.31, 9)] [InlineData(-30, 1.4, 0.31, 14)]
    [InlineData(-30, 1.4, 0.31, 15)] [InlineData(-30, 1.4, 0.31, 17)] [InlineData(-30, 1.4, 0.4, 14)] [InlineData(-30, 1.6, 0.31, 13)]
    [InlineData(-30, 1.6, 0.4, 2)] [InlineData(-30, 1.6, 0.4, 4)] [InlineData(-30, 1.6, 0.4, 16)]
    [InlineData(-25, 1.6, 0.31, 2)] [InlineData(-25, 1.6, 0.31, 9)] [InlineData(-25, 1.6, 0.31, 11)] [InlineData(-25, 1.6, 0.31, 14)]
    [InlineData(-25, 1.6, 0.31, 20)] [InlineData(-25, 1.6, 0.4, 9)] [InlineData(-25, 1.6, 0.4, 14)]
    [InlineData(-20, 1.6, 0.25, 2)] [InlineData(-20, 1.6, 0.25, 14)] [InlineData(-20, 1.6, 0.31, 2)] [InlineData(-20, 1.6, 0.31, 14)]
    [InlineData(-20, 1.6, 0.31, 20)]
    public void A_lock_on_a_cold_used_pack_never_leaves_the_bolt_where_the_unlock_cannot_move_it(double temperatureC, double friction, double stateOfCharge, int seed)
    {
        var sim = Unit(seed, temperatureC, friction, stateOfCharge);
        sim.At(LockAtMs, () => sim.Firmware!.RequestLock(OperationSource.Console));
        sim.RunUntil(UnlockAtMs - 500);
        var lockRecord = new StrokeRecord();
        lockRecord.CopyFrom(sim.Firmware!.Drive.Record);
        if (lockRecord.End != StrokeEnd.Completed)
        {
            // Refused: for the pack, with nothing wrong named in the bolt's travel.
            Assert.Contains(sim.Events, e => e.Kind == LockEventKind.OperationError && e.Code == (int)OperationError.InsufficientBattery);
            Assert.DoesNotContain(FaultCode.Jam, sim.FaultsSeen);
            Assert.DoesNotContain(FaultCode.Misalignment, sim.FaultsSeen);
            Assert.DoesNotContain(FaultCode.BoltSensorFault, sim.FaultsSeen);
        }
        sim.At(UnlockAtMs, () => sim.Firmware!.RequestUnlock(OperationSource.Console));
        sim.RunUntil(UnlockAtMs + 12500);
        // The strike plate's face is 4 mm out (DoorAndStrike.GapMm): short of it the door opens.
        Assert.True(sim.Plant.BoltMm < 4, $"lock ended {lockRecord.End} (breakaway refused: {lockRecord.BreakawayRefused}); after the unlock the bolt is at {sim.Plant.BoltMm:F1} mm");
        Assert.False(sim.Plant.MotorEnergised);
    }

    [Theory]
    // Bolts that stood through the check (the plant's bolt still at rest at 75 % duty): -30 C, friction x1.4, 31 %. (Of
    // seeds 1-20, 12 were refused by the check; the others by the guard before moving, or they crawl and are taken back.)
    // Seed 4 for 8 since boot10: the start-up reading, now under the boot load, reads this pack below 30 %, so the lock tests
    // the pack first, and at seed 8 the test's reading refuses it (the press ends Stopped, the check never runs). Of seeds 1-20
    // the check refuses 2, 3, 4, 7, 9, 10, 11, 14 and 15, the pack test 1, 5, 8, 16, 17, 18 and 20; 6, 12, 13 and 19 crawl.
    [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(15)]
    public void A_bolt_that_does_not_break_away_at_the_checks_duty_is_refused_before_it_leaves_the_stop(int seed)
    {
        var sim = Unit(seed, -30, 1.4, 0.31);
        double startMm = -1, furthestMm = 0;
        sim.OnStep = s =>
        {
            if (s.NowMs < LockAtMs) return;
            if (startMm < 0) startMm = s.Plant.BoltMm;
            furthestMm = Math.Max(furthestMm, s.Plant.BoltMm);
        };
        sim.At(LockAtMs, () => sim.Firmware!.RequestLock(OperationSource.Console));
        sim.RunUntil(LockAtMs + 3000);
        var rec = sim.Firmware!.Drive.Record;
        Assert.True(rec.BreakawayRefused, $"lock ended {rec.End} after {rec.DurationMs} ms");
        Assert.Equal(StrokeEnd.InsufficientBattery, rec.End);
        Assert.Equal(1, rec.Attempts);
        // The bolt hardly moved: at most what the rotor crept before and during the check (a fraction of a millimetre).
        Assert.True(furthestMm - startMm < 1.0, $"bolt went from {startMm:F2} to {furthestMm:F2} mm");
        Assert.Contains(sim.Events, e => e.Kind == LockEventKind.OperationError && e.Code == (int)OperationError.InsufficientBattery);
        Assert.Equal(0, sim.Locks);
        Assert.Equal(LockState.Unlocked, sim.Firmware.LockState);
        Assert.DoesNotContain(sim.FaultsSeen, f => f != FaultCode.BatteryLow && f != FaultCode.BatteryCritical);
    }

    [Theory]
    // Sagging packs (below 4.6 V at the check) whose bolt broke away well below 75 % duty: the check lets the lock go on.
    [InlineData(-20, 1.2, 0.4, 3)] [InlineData(-20, 1.2, 0.25, 19)] [InlineData(-25, 1.2, 0.31, 19)]
    public void A_bolt_that_breaks_away_easily_on_a_sagging_pack_locks(double temperatureC, double friction, double stateOfCharge, int seed)
    {
        var sim = Unit(seed, temperatureC, friction, stateOfCharge);
        sim.At(LockAtMs, () => sim.Firmware!.RequestLock(OperationSource.Console));
        sim.RunUntil(LockAtMs + 9000);
        var rec = sim.Firmware!.Drive.Record;
        Assert.True(rec.MinBatteryMillivolts < ActuationTuning.BreakawayPackMillivolts, $"pack at least {rec.MinBatteryMillivolts} mV: the check did not run");
        Assert.False(rec.BreakawayRefused);
        Assert.Equal(StrokeEnd.Completed, rec.End);
        Assert.Equal(LockState.Locked, sim.Firmware.LockState);
    }
}
