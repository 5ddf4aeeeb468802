using LockFirmware.Access;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Power;

/// <summary>
/// The pack resistance is kept in the battery record (docs/power.md, Swap): after a power cut or a brown-out the
/// brown-out guard and the unlock reserve size the first stroke as they sized the last one before it.
/// </summary>
public class ReserveAcrossPowerCutTests
{
    [Fact]
    public void A_power_cut_does_not_let_a_lock_through_that_the_unlock_reserve_refused()
    {
        // Alkaline at 14 % at -20 C: after a lock and an unlock have measured the pack (about 4.4 ohm), a full-duty stroke
        // would sag it below the regulator's dropout, so locking is refused (the reserve) and unlocks run duty-capped.
        // Before, a power cut made the guard forget the resistance: the next lock ran at full duty. (Was 12 %: the start's
        // first reading is now taken under the boot load, 45 mA for 0.8 s, and at 12 % it already puts the pack in the
        // reserve, so the first lock that measures the pack is refused; it used to be a light-sleep reading, ~200 mV high.)
        var hw = new PlantParameters { Chemistry = Chemistry.Alkaline, StateOfCharge = 0.14, TemperatureC = -20 };
        var sim = new SimulatedLock(new SimOptions { Hardware = hw, StartLocked = false });
        sim.RunUntil(1000);
        Assert.True(sim.Firmware!.RequestLock(OperationSource.Console));
        sim.RunUntil(9000);
        Assert.True(sim.Firmware!.RequestUnlock(OperationSource.Console));
        int cappedBefore = sim.Firmware!.Drive.DutyCapPermille;
        Assert.True(cappedBefore < 1000);
        sim.RunUntil(17000);
        Assert.False(sim.Firmware!.RequestLock(OperationSource.Console));
        sim.PowerCutAt(sim.NowMs + 10, 1000);
        sim.RunUntil(sim.NowMs + 3000);
        // The restored resistance has no known age, so the request tests the pack first (PackProbeTests); the pack is as
        // cold and as empty as before the cut, so the lock is still refused.
        int locksBefore = sim.Locks;
        sim.Firmware!.RequestLock(OperationSource.Console);
        sim.RunUntil(sim.NowMs + 3000);
        Assert.Equal(1, sim.Firmware!.Battery.Estimator.PackTests);
        Assert.Equal(locksBefore, sim.Locks);
        Assert.Equal(LockState.Unlocked, sim.Firmware!.LockState);
        Assert.True(sim.Firmware!.Battery.Estimator.PackMilliohms > 3000);
    }
}
