using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Tests.Diagnosis;

/// <summary>
/// The door-open strike check (Diagnosis.StrikeCheck): a door-closed stall at the strike is provisionally
/// <c>misalignment</c>; the next time the door stands open the lock throws the bolt a little past that place by itself and
/// brings it back, which tells a strike out of line (free throw) from an obstacle in the bolt's path (stall, <c>jam</c>).
/// </summary>
public class StrikeCheckTests
{
    /// <summary>An unlocked lock whose '#' stalled at the strike with the door closed; returns when the attempt has given up.</summary>
    private static SimulatedLock MisalignedBy(PlantFault fault)
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = false });
        sim.At(200, () => sim.Plant.Inject(fault));
        sim.RunUntil(sim.TypeKeys(1000, "#") + 8000);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.Misalignment));
        Assert.Equal(LockState.Unlocked, sim.Firmware.LockState);
        return sim;
    }

    private static int Strokes(SimulatedLock sim, long fromMs) =>
        sim.Events.Count(e => e.Kind == LockEventKind.Stroke && e.TMs >= fromMs);

    private static PlantFault ObstacleAtTheStrike => new() { Kind = PlantFaultKind.Jam, PositionMm = 3.5, StiffnessNPerMm = 300 };

    private static PlantFault StrikeOutOfLine => new() { Kind = PlantFaultKind.StrikeOffset, OffsetMm = 4 };

    [Fact]
    public void An_obstacle_taken_for_the_strike_is_named_jam_once_the_door_stands_open()
    {
        var sim = MisalignedBy(ObstacleAtTheStrike);
        var fw = sim.Firmware!;
        int locks = sim.Locks, unlocks = sim.Unlocks;
        long opened = sim.NowMs + 500;
        sim.At(opened, () => sim.Plant.SetDoor(true));
        // Nobody touches the lock: the check runs by itself.
        sim.RunUntil(opened + StrikeCheck.DoorOpenDelayMs - 100);
        Assert.Equal(0, Strokes(sim, opened));
        sim.RunUntil(opened + 6000);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.Jam));
        Assert.False(fw.Diagnosis.IsActive(FaultCode.Misalignment));
        Assert.Equal(0, fw.Calibration.StrikeFaceTenthsMm);
        // The bolt is back, the motor off, and nothing counts as an owner's operation.
        Assert.Equal(LockState.Unlocked, fw.LockState);
        Assert.True(sim.Plant.BoltMm < 1.0);
        Assert.False(sim.Plant.MotorEnergised);
        Assert.Equal(locks, sim.Locks);
        Assert.Equal(unlocks, sim.Unlocks);
    }

    [Fact]
    public void A_strike_out_of_line_is_confirmed_by_a_short_free_throw_and_not_checked_again()
    {
        var sim = MisalignedBy(StrikeOutOfLine);
        var fw = sim.Firmware!;
        int locks = sim.Locks, unlocks = sim.Unlocks;
        int stopTenthsMm = fw.Diagnosis.Detail(FaultCode.Misalignment);
        double maxBoltMm = 0;
        bool reportedOtherThanUnlocked = false;
        sim.OnStep = s =>
        {
            maxBoltMm = Math.Max(maxBoltMm, s.Plant.BoltMm);
            if (s.Firmware != null && s.Firmware.LockState != LockState.Unlocked) reportedOtherThanUnlocked = true;
        };
        long opened = sim.NowMs + 500;
        sim.At(opened, () => sim.Plant.SetDoor(true));
        sim.RunUntil(opened + 6000);
        Assert.Equal(2, Strokes(sim, opened));
        var stopped = sim.Events.First(e => e.Kind == LockEventKind.Stroke && e.TMs >= opened);
        Assert.Equal((int)StrokeEnd.Stopped, stopped.Code);
        // Thrown only a little past the place the strike stopped it, never to the end stop, and back.
        Assert.True(maxBoltMm > stopTenthsMm / 10.0 + 2, $"max {maxBoltMm:F1} mm, stop {stopTenthsMm / 10.0:F1} mm");
        Assert.True(maxBoltMm < StrikeCheck.TargetTenthsMm(stopTenthsMm) / 10.0 + 3, $"max {maxBoltMm:F1} mm");
        Assert.True(sim.Plant.BoltMm < 1.0);
        Assert.False(reportedOtherThanUnlocked);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.Misalignment));
        Assert.False(fw.Diagnosis.IsActive(FaultCode.Jam));
        Assert.Equal(locks, sim.Locks);
        Assert.Equal(unlocks, sim.Unlocks);
        // Settled: the next opening of the door throws nothing.
        sim.OnStep = null;
        long closed = sim.NowMs + 500;
        sim.At(closed, () => sim.Plant.SetDoor(false));
        sim.At(closed + 2000, () => sim.Plant.SetDoor(true));
        sim.RunUntil(closed + 8000);
        Assert.Equal(0, Strokes(sim, closed));
    }

    [Fact]
    public void A_door_shut_before_the_bolt_reaches_it_voids_the_check_and_the_next_opening_checks_again()
    {
        var sim = MisalignedBy(ObstacleAtTheStrike);
        var fw = sim.Firmware!;
        long opened = sim.NowMs + 500;
        sim.At(opened, () => sim.Plant.SetDoor(true));
        // Shut while the check's throw has only just begun (the bolt has not crossed the door gap yet).
        sim.At(opened + StrikeCheck.DoorOpenDelayMs + 30, () => sim.Plant.SetDoor(false));
        sim.RunUntil(opened + 5000);
        var first = sim.Events.First(e => e.Kind == LockEventKind.Stroke && e.TMs >= opened);
        Assert.Equal((int)StrokeEnd.Stopped, first.Code);
        Assert.Equal(DoorPosition.Closed, sim.Plant.Door);
        // Void: no verdict either way, the bolt back, and the check still wanted.
        Assert.True(fw.Diagnosis.IsActive(FaultCode.Misalignment));
        Assert.False(fw.Diagnosis.IsActive(FaultCode.Jam));
        Assert.True(sim.Plant.BoltMm < 1.0);
        Assert.Equal(LockState.Unlocked, fw.LockState);
        // The next time the door stands open the check runs again and finds the obstacle.
        long again = sim.NowMs + 500;
        sim.At(again, () => sim.Plant.SetDoor(true));
        sim.RunUntil(again + 6000);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.Jam));
        Assert.False(fw.Diagnosis.IsActive(FaultCode.Misalignment));
    }

    [Fact]
    public void An_owner_who_locks_during_the_check_gets_the_lock()
    {
        var sim = MisalignedBy(StrikeOutOfLine);
        var fw = sim.Firmware!;
        int locks = sim.Locks;
        long opened = sim.NowMs + 500;
        sim.At(opened, () => sim.Plant.SetDoor(true));
        // '#' lands while the check's bolt is out.
        long typed = sim.TypeKeys(opened + StrikeCheck.DoorOpenDelayMs + 100, "#");
        sim.RunUntil(typed + 4000);
        Assert.DoesNotContain(sim.Events, e => e.Kind == LockEventKind.OperationError && e.TMs >= opened);
        Assert.Equal(LockState.Locked, fw.LockState);
        Assert.Equal(locks + 1, sim.Locks);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.Misalignment));
    }

    [Fact]
    public void A_settled_verdict_survives_deep_sleep_and_the_check_is_not_repeated_after_the_wake()
    {
        var sim = MisalignedBy(StrikeOutOfLine);
        long opened = sim.NowMs + 500;
        sim.At(opened, () => sim.Plant.SetDoor(true));
        sim.At(opened + 5000, () => sim.Plant.SetDoor(false));
        sim.RunUntil(opened + 10000);
        Assert.Equal(2, Strokes(sim, opened) - Strokes(sim, opened + 5000));
        sim.RunUntil(opened + 5 * 60000);
        Assert.True(sim.McuDeepAsleep, "misalignment is a warning the lock sleeps deep with");
        long again = sim.NowMs + 1000;
        sim.At(again, () => sim.Plant.SetDoor(true));
        sim.RunUntil(again + 6000);
        Assert.True(sim.Firmware!.WokeFromDeepSleep);
        Assert.True(sim.Firmware.Diagnosis.IsActive(FaultCode.Misalignment));
        Assert.Equal(0, Strokes(sim, again));
    }

    [Fact]
    public void A_reed_that_reads_open_from_start_up_does_not_start_the_check()
    {
        // The reed sticks open on the shut door and the batteries are changed: after the restart it has read "open" all
        // along, never changed to it. A throw now would hit the misaligned strike and be taken for an obstacle.
        var sim = MisalignedBy(StrikeOutOfLine);
        sim.At(sim.NowMs + 200, () => sim.Plant.Inject(PlantFault.DoorSensorStuck(ContactLevel.Open)));
        long cut = sim.NowMs + 1000;
        sim.PowerCutAt(cut, 2000);
        sim.RunUntil(cut + 12000);
        var fw = sim.Firmware!;
        Assert.Equal(0, Strokes(sim, cut));
        Assert.True(fw.Diagnosis.IsActive(FaultCode.Misalignment), "restored after the power cut");
        Assert.DoesNotContain(FaultCode.Jam, sim.FaultsSeen);
    }
}
