using LockFirmware.Access;
using LockFirmware.Diagnosis;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using Xunit;

namespace LockFirmware.Tests.Access;

/// <summary>
/// <c>keypad_lockout</c> stands exactly as long as the keypad lockout: raised when it starts, back (quietly) when a power
/// loss restores it, cleared when it ends even if nobody touches the keypad again, and not a reason to stay awake after.
/// </summary>
public class KeypadLockoutFaultTests
{
    private const long Minute = 60000;

    private static long FiveWrong(SimulatedLock sim, long t)
    {
        for (int i = 0; i < CodeEntry.WrongCodeLimit; i++) t = sim.TypeKeys(t + 300, "999999#");
        return t;
    }

    [Fact]
    public void The_fault_clears_when_the_lockout_ends_without_a_key_press_and_the_lock_then_deep_sleeps()
    {
        var sim = new SimulatedLock(new SimOptions());
        long t = FiveWrong(sim, 1000);
        sim.RunUntil(t + 500);
        var fw = sim.Firmware!;
        Assert.True(fw.Diagnosis.IsActive(FaultCode.KeypadLockout));
        sim.RunUntil(t + CodeEntry.FirstLockoutMs - 2000);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.KeypadLockout), "still locked out");
        sim.RunUntil(t + CodeEntry.FirstLockoutMs + 1000);
        // Awake window and lockout end together: the lock may already be deep asleep, with what it last reported.
        Assert.Equal(EntryState.Idle, sim.ReportedFirmware!.Entry.State);
        Assert.False(sim.ReportedFirmware.Diagnosis.IsActive(FaultCode.KeypadLockout), "cleared at the lockout's end, no key needed");
        Assert.Contains(sim.Events, e => e.Kind == LockEventKind.FaultCleared && e.Code == (int)FaultCode.KeypadLockout);

        sim.RunUntil(t + 3 * Minute);
        Assert.True(sim.McuDeepAsleep, "nothing of the lockout is left to hold the lock in light sleep");
        double before = sim.Energy.TotalCoulombs;
        sim.RunUntil(t + 3 * Minute + 6 * 60 * Minute);
        Assert.True((sim.Energy.TotalCoulombs - before) / 3.6 / 6 * 24 < 1.0, "deep-sleep figure, not 19 mAh/day");
        Assert.False(sim.ReportedFirmware!.Diagnosis.IsActive(FaultCode.KeypadLockout));
    }

    [Fact]
    public void A_power_cut_in_a_lockout_brings_the_fault_back_quietly_for_as_long_as_the_restored_lockout()
    {
        var sim = new SimulatedLock(new SimOptions());
        long t = FiveWrong(sim, 1000);
        sim.PowerCutAt(t + 5000, 2000);
        sim.RunUntil(t + 10000);
        var fw = sim.Firmware!;
        Assert.Equal(EntryState.LockedOut, fw.Entry.State);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.KeypadLockout), "the restored lockout says why the keypad refuses");
        // Not news: one raise (the lockout's start), one alarm.
        Assert.Single(sim.Events, e => e.Kind == LockEventKind.Fault && e.Code == (int)FaultCode.KeypadLockout);
        Assert.Single(sim.Events, e => e.Kind == LockEventKind.Alarm && e.Code == (int)AlarmCode.WrongCodeEntryLimit);

        // The restored lockout serves what was left at its start (time off power does not count), then the fault goes.
        sim.RunUntil(t + 7000 + CodeEntry.FirstLockoutMs + 1000);
        Assert.Equal(EntryState.Idle, sim.ReportedFirmware!.Entry.State);
        Assert.False(sim.ReportedFirmware.Diagnosis.IsActive(FaultCode.KeypadLockout));
        long typed = sim.TypeKeys(sim.NowMs + 1000, "123456#");
        sim.RunUntil(typed + 3000);
        Assert.Equal(LockState.Unlocked, sim.Firmware!.LockState);
    }
    [Fact]
    public void The_right_code_typed_across_the_end_of_a_lockout_is_no_strike_and_the_next_entry_opens()
    {
        // The keys after the lockout's end were checked alone ("56#"): a wrong code, the first strike of the next round
        // (blind acceptance tests, 2026-11-28). The entry begun during the lockout is refused as the lockout's.
        var sim = new SimulatedLock(new SimOptions());
        long t = FiveWrong(sim, 1000);
        long start = t + CodeEntry.FirstLockoutMs - 800;
        long typed = sim.TypeKeys(start, "123456#");
        sim.RunUntil(typed + 500);
        var fw = sim.Firmware!;
        Assert.Equal(EntryState.Idle, fw.Entry.State);
        Assert.Equal(0, fw.Entry.WrongCount);
        var errors = sim.Events.Where(e => e.TMs >= start && e.Kind == LockEventKind.OperationError).ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal((int)OperationError.Restricted, e.Code));
        Assert.Equal(0, sim.Unlocks);
        sim.RunUntil(sim.TypeKeys(typed + 1500, "123456#") + 3000);
        Assert.Equal(1, sim.Unlocks);
    }

    [Fact]
    public void A_code_refused_by_the_lockout_is_operation_error_restricted()
    {
        // contracts.md names the operation errors; OperationError.cs: restricted is "not allowed in this state (keypad
        // lockout)", disabled_user_denied is a disabled user (vacation mode). The right code in a lockout is refused
        // for the state, not for the user.
        var sim = new SimulatedLock(new SimOptions());
        long t = FiveWrong(sim, 1000);
        long refusedAt = t + 1000;
        sim.RunUntil(sim.TypeKeys(refusedAt, "123456#") + 500);
        var errors = sim.Events.Where(e => e.TMs >= refusedAt && e.Kind == LockEventKind.OperationError).ToList();
        Assert.Single(errors);
        Assert.Equal((int)OperationError.Restricted, errors[0].Code);
        Assert.Equal(0, sim.Unlocks);
    }
}
