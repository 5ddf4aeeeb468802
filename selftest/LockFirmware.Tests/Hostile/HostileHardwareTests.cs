using CsCheck;
using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Hal;
using LockFirmware.Indication;
using LockFirmware.Runtime;
using Xunit.Abstractions;

namespace LockFirmware.Tests.Hostile;

/// <summary>
/// Property tests of the safety policy (issue 4) and the bad-input rule against hostile hardware: the real firmware on
/// <see cref="HostileRig"/>, inputs drawn by CsCheck over their whole range (ADC rails, stuck, jumping and noisy channels,
/// both limit switches closed, flickering contacts, garbage keypad columns, requests interleaved, resets). A failure
/// prints CsCheck's reproducing seed (pass it as <c>seed:</c> to <c>Sample</c> to replay) and the rig's history.
/// docs/architecture.md, "Hostile-hardware properties".
/// </summary>
public sealed class HostileHardwareTests(ITestOutputHelper output)
{
    /// <summary>Cases per property run (each a few to 30 virtual seconds).</summary>
    public const int Iterations = 20000;

    /// <summary>Longest a request may go unanswered once the inputs are sane, virtual ms: a stroke with its retries and way back.</summary>
    private const int AnswerWithinMs = 30000;

    [Fact]
    public void The_rig_plant_locks_and_unlocks_a_provisioned_lock()
    {
        // The rig's own sanity: with every input sane the real firmware completes strokes on the crude plant, so the
        // properties below see a working lock once the hostility ends.
        var rig = new HostileRig(HostileGen.Flash(true), BoardConfig.BoltThrowTenthsMm, 1);
        rig.Boot(ResetCause.Software);
        Assert.True(rig.Settle(20000));
        Assert.Equal(LockMachineState.Locked, rig.Firmware!.MachineState);
        long t = rig.NowMs;
        Assert.True(rig.Act(HostileAction.Unlock));
        Assert.True(rig.Settle(20000), rig.History);
        Assert.True(rig.Reported(LockEventKind.Operation, (int)LockOperation.Unlock, t), Dump(rig));
        Assert.True(rig.BoltTenths < 5, $"bolt at {rig.BoltTenths}");
        t = rig.NowMs;
        Assert.True(rig.Act(HostileAction.Lock));
        Assert.True(rig.Settle(20000), rig.History);
        Assert.True(rig.Reported(LockEventKind.Operation, (int)LockOperation.Lock, t), Dump(rig));
        Assert.True(rig.BoltTenths > 245, $"bolt at {rig.BoltTenths}");
        Assert.False(rig.Motor.Energised);
        output.WriteLine($"longest energised stretch {rig.Motor.LongestMs} ms; faults: {string.Join(",", rig.Events.Where(e => e.Kind == LockEventKind.Fault).Select(e => (FaultCode)e.Code))}");
    }

    [Fact]
    public void Hostile_inputs_never_crash_never_overrun_the_motor_bound_and_leave_a_lock_that_answers()
    {
        long longest = 0;
        int cases = 0;
        HostileGen.Case.Sample(c =>
        {
            var rig = new HostileRig(HostileGen.Flash(c.Provisioned), c.BoltTenths, c.NoiseSeed);
            rig.Boot(c.PowerOnStart ? ResetCause.PowerOn : ResetCause.Software);
            foreach (var s in c.Segments) rig.Run(s);
            // Sane again: whatever ran finishes within the bound (the rig checks it), then the lock answers a request.
            Assert.True(rig.Settle(AnswerWithinMs), $"drive still busy {AnswerWithinMs} ms after the inputs became sane\n  {rig.History}");
            AssertAnswers(rig, c.FinalLock ? HostileAction.Lock : HostileAction.Unlock);
            longest = Math.Max(longest, rig.Motor.LongestMs);
            cases++;
        }, iter: Iterations, threads: 1, print: c => c.ToString());
        output.WriteLine($"{cases} cases; longest energised stretch {longest} ms (bound {HostileRig.EnergisedBoundMs} ms)");
    }

    /// <summary>
    /// The request is answered: the stroke completes (an operation), is refused or fails with a reason (an operation error
    /// or a fault, or the standing fault that refuses it shown again), or, already there, confirmed (the locked/unlocked
    /// feedback); and the drive is idle with the motor off
    /// afterwards.
    /// </summary>
    private static void AssertAnswers(HostileRig rig, HostileAction request)
    {
        long t = rig.NowMs;
        bool accepted = rig.Act(request);
        bool settled = rig.Settle(AnswerWithinMs);
        var answers = rig.Events.Where(e => e.T >= t && (e.Kind is LockEventKind.Operation or LockEventKind.OperationError or LockEventKind.Fault
            || e.Kind == LockEventKind.Indication && (IndicationPattern)e.Code is IndicationPattern.Locked or IndicationPattern.Unlocked or IndicationPattern.Refused or IndicationPattern.Fault)).ToList();
        Assert.True(answers.Count > 0, $"{request} (accepted={accepted}) got no answer in {AnswerWithinMs} ms\n{Dump(rig)}");
        Assert.True(settled, $"drive still busy {AnswerWithinMs} ms after {request}\n{Dump(rig)}");
        Assert.False(rig.Motor.Energised, $"motor energised after {request} settled\n{Dump(rig)}");
    }

    private static string Dump(HostileRig rig)
    {
        var fw = rig.Firmware;
        string state = fw == null ? "asleep" : $"machine {fw.MachineState}, drive {fw.Drive.State}, faults {string.Join(",", Enum.GetValues<FaultCode>().Where(f => fw.Diagnosis.IsActive(f)))}";
        return $"  {state}\n  events: {string.Join(" ", rig.Events.TakeLast(30).Select(e => $"{e.T}:{e.Kind}:{e.Code}"))}\n  history:\n  {rig.History}";
    }
}
