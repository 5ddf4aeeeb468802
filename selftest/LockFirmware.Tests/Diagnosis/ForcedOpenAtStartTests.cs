using LockFirmware.Access;
using LockFirmware.Diagnosis;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Diagnosis;

/// <summary>
/// A door forced open is derived again at a start from the bolt and the reed (docs/diagnosis.md): bolt thrown and a
/// believed reed open is <c>forced_open</c> after a power loss and after a console reboot, but not after an installer's
/// restart with the bolt thrown on an open door.
/// </summary>
public class ForcedOpenAtStartTests
{
    private static SimulatedLock Forced()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        sim.At(2000, () => sim.Plant.ForceDoorOpen());
        sim.RunUntil(5000);
        Assert.Equal(DoorState.ForcedOpen, sim.Firmware!.DoorState);
        return sim;
    }

    private static int AlarmsAfter(SimulatedLock sim, long afterMs, AlarmCode alarm) =>
        sim.Events.Count(e => e.TMs > afterMs && e.Kind == LockEventKind.Alarm && e.Code == (int)alarm);

    private static int FaultEventsAfter(SimulatedLock sim, long afterMs, FaultCode fault) =>
        sim.Events.Count(e => e.TMs > afterMs && e.Kind == LockEventKind.Fault && e.Code == (int)fault);

    [Fact]
    public void A_forced_door_is_still_forced_after_a_power_cut_and_alarms_again()
    {
        var sim = Forced();
        sim.PowerCutAt(10000, 2000);
        sim.RunUntil(15000);
        var fw = sim.Firmware!;
        Assert.Equal(LockState.Locked, fw.LockState);
        Assert.Equal(DoorState.ForcedOpen, fw.DoorState);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.DoorForcedOpen));
        // The lock was blind while the power was off: what it finds at the start is news.
        Assert.Equal(1, AlarmsAfter(sim, 10000, AlarmCode.DoorForcedOpen));

        // Cleared on its own evidence, as while powered: the bolt withdrawn and the door shut.
        long t = sim.TypeKeys(20000, "123456#");
        sim.At(t + 5000, () => sim.Plant.SetDoor(false));
        sim.RunUntil(t + 7000);
        Assert.Equal(DoorState.Closed, sim.Firmware!.DoorState);
        Assert.False(sim.Firmware.Diagnosis.IsActive(FaultCode.DoorForcedOpen));
    }

    [Fact]
    public void A_forced_door_stands_across_a_console_reboot_quietly()
    {
        var sim = Forced();
        sim.ConsoleAt(6000, "login 24681357");
        sim.ConsoleAt(7000, "reboot");
        sim.RunUntil(12000);
        var fw = sim.Firmware!;
        Assert.Equal(DoorState.ForcedOpen, fw.DoorState);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.DoorForcedOpen));
        // Not news: the reboot did not make the lock blind, the alarm and fault were reported before it.
        Assert.Equal(0, AlarmsAfter(sim, 7000, AlarmCode.DoorForcedOpen));
        Assert.Equal(0, FaultEventsAfter(sim, 7000, FaultCode.DoorForcedOpen));
        Assert.DoesNotContain(AlarmCode.LockPowerCycled, sim.Alarms);
    }

    [Fact]
    public void An_installers_restart_with_the_bolt_thrown_on_an_open_door_is_no_forced_door()
    {
        // Provisioning throws the bolt with the door open and restarts (a software reset without a reboot record).
        var sim = new SimulatedLock(new SimOptions { StartLocked = true, Hardware = new PlantParameters { DoorOpen = true } });
        sim.RunUntil(5000);
        var fw = sim.Firmware!;
        Assert.Equal(LockState.Locked, fw.LockState);
        Assert.Equal(DoorState.Open, fw.DoorState);
        Assert.DoesNotContain(FaultCode.DoorForcedOpen, sim.FaultsSeen);
        Assert.DoesNotContain(AlarmCode.DoorForcedOpen, sim.Alarms);
    }

    [Fact]
    public void A_door_forced_while_the_pack_is_out_is_forced_at_the_start_even_with_a_jam_kept()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        sim.Plant.Inject(PlantFault.StiffActuator(6.0));
        sim.RunUntil(sim.TypeKeys(2000, "123456#") + 12000);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.Jam));
        Assert.Equal(LockState.Locked, sim.Firmware.LockState);
        long cut = sim.NowMs + 1000;
        sim.PowerCutAt(cut, 20000);
        sim.At(cut + 10000, () => sim.Plant.ForceDoorOpen());
        sim.RunUntil(cut + 25000);
        var fw = sim.Firmware!;
        Assert.True(fw.Diagnosis.IsActive(FaultCode.Jam));
        Assert.Equal(DoorState.ForcedOpen, fw.DoorState);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.DoorForcedOpen));
        Assert.Equal(1, AlarmsAfter(sim, cut, AlarmCode.DoorForcedOpen));
    }

    [Fact]
    public void A_kept_jam_with_the_door_shut_still_reads_jammed_at_the_start()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        sim.Plant.Inject(PlantFault.StiffActuator(6.0));
        sim.RunUntil(sim.TypeKeys(2000, "123456#") + 12000);
        sim.PowerCutAt(sim.NowMs + 1000, 2000);
        sim.RunUntil(sim.NowMs + 6000);
        Assert.Equal(DoorState.Jammed, sim.Firmware!.DoorState);
        Assert.DoesNotContain(FaultCode.DoorForcedOpen, sim.FaultsSeen);
    }
}
