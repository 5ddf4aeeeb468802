using LockFirmware;
using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Actuation;

/// <summary>
/// A person on the thumbturn who turns the bolt back while the motor drives it: the motor stalls against the hand, and the
/// hand carries the bolt back onto the switch it set out from during the retry pause. The person wins
/// (<see cref="StrokeRecord.PushedBack"/>, docs/actuation.md): no retry, no operation, nothing blamed.
/// </summary>
public class HandAgainstStrokeTests
{
    /// <summary>A console lock or unlock on a fresh unit, with <paramref name="during"/> done <paramref name="after"/> ms into it.</summary>
    private static (SimulatedLock, LockController) ConsoleStroke(int seed, bool locking, int after, Action<SimulatedLock> during)
    {
        var sim = new SimulatedLock(new SimOptions { Seed = seed, StartLocked = !locking });
        sim.RunUntil(1000);
        var fw = sim.Firmware!;
        Assert.True(locking ? fw.RequestLock(OperationSource.Console) : fw.RequestUnlock(OperationSource.Console));
        sim.At(sim.NowMs + after, () => during(sim));
        return (sim, fw);
    }

    [Theory]
    [InlineData(true, 200, 1)]
    [InlineData(true, 300, 2)]
    [InlineData(true, 250, 3)]
    [InlineData(false, 200, 4)]
    [InlineData(false, 300, 2)]
    [InlineData(false, 250, 1)]
    public void A_thumbturn_turned_back_during_a_stroke_wins_and_nothing_is_blamed(bool locking, int handAfterMs, int seed)
    {
        var sim = new SimulatedLock(new SimOptions { Seed = seed, StartLocked = !locking });
        sim.RunUntil(1000);
        var fw = sim.Firmware!;
        long typed = sim.TypeKeys(1500, locking ? "#" : "123456#");
        sim.RunUntil(typed);
        // The hand goes on handAfterMs after the motor starts (a code is checked before the stroke begins).
        while (!fw.Drive.Busy && sim.NowMs < typed + 3000) sim.RunUntil(sim.NowMs + 1);
        Assert.True(fw.Drive.Busy);
        long strokeAt = sim.NowMs;
        sim.At(strokeAt + handAfterMs, () => sim.Plant.ManualTurn(!locking));
        sim.RunUntil(strokeAt + 15000);
        Assert.Equal(locking ? LockState.Unlocked : LockState.Locked, fw.LockState);
        Assert.Equal(0, locking ? fw.Locks : fw.Unlocks);
        Assert.Empty(sim.FaultsSeen);
        Assert.False(sim.Plant.MotorEnergised);
        Assert.True(fw.Drive.Record.PushedBack);
        Assert.Equal(StrokeEnd.Stopped, fw.Drive.Record.End);
    }

    [Theory]
    [InlineData(6.0, 1)]
    [InlineData(10.0, 2)]
    [InlineData(18.0, 3)]
    public void An_obstacle_with_no_hand_is_still_a_jam_and_never_taken_for_a_hand(double positionMm, int seed)
    {
        var sim = new SimulatedLock(new SimOptions { Seed = seed, StartLocked = false });
        sim.Plant.Inject(new PlantFault { Kind = PlantFaultKind.Jam, PositionMm = positionMm });
        sim.RunUntil(sim.TypeKeys(1000, "#") + 15000);
        Assert.Contains(FaultCode.Jam, sim.FaultsSeen);
        Assert.False(sim.Firmware!.Drive.Record.PushedBack);
        Assert.Equal(LockState.Unlocked, sim.Firmware.LockState);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void A_key_turned_the_same_way_as_the_stroke_blames_neither_the_motor_wiring_nor_the_current_sensor(int seed)
    {
        var (sim, fw) = ConsoleStroke(seed, locking: false, after: 40, sim => sim.Plant.ManualTurn(false));
        sim.RunUntil(sim.NowMs + 15000);
        Assert.Equal(LockState.Unlocked, fw.LockState);
        Assert.Empty(sim.FaultsSeen);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_wire_that_comes_loose_mid_stroke_is_still_named_once_the_bolt_has_stood_between_the_ends(int seed)
    {
        var (sim, fw) = ConsoleStroke(seed, locking: true, after: 300, sim => sim.Plant.Inject(new PlantFault { Kind = PlantFaultKind.MotorOpenCircuit }));
        sim.RunUntil(sim.NowMs + 6000);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.MotorOpenCircuit));
        Assert.Equal(LockState.NotFullyLocked, fw.LockState);
    }
}
