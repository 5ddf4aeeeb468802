using LockFirmware.Diagnosis;
using LockFirmware.Hal;
using LockFirmware.Indication;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Cli;
using LockFirmware.Tests.Scenarios;
using Xunit;

namespace LockFirmware.Tests.Indication;

/// <summary>
/// A fault pattern interrupted by user feedback resumes afterwards, but only while the diagnosis still stands behind it
/// (audit11, blind contract audit). Before the fix a pack that went from <c>battery_low</c> to <c>battery_critical</c> in
/// the sag of an unlock stroke showed the cleared <c>battery_low</c> code again after the unlock feedback, and after every
/// later feedback, while the active critical fault was never shown.
/// </summary>
public class IndicationResumeTests
{
    private sealed class Dark : IStatusLed, IBuzzer, ILockObserver
    {
        public void Set(LedColour colour, int brightnessPermille) { }
        public void Tone(int frequencyHz, int volumePermille) { }
        public void OnLockEvent(long timeMs, LockEventKind kind, int code, int detail) { }
    }

    private static IndicationPlayer Player()
    {
        var d = new Dark();
        return new IndicationPlayer(d, d, d);
    }

    private static void RunOut(IndicationPlayer p, long fromMs)
    {
        for (long t = fromMs; t < fromMs + 60000 && p.Playing != IndicationPattern.None; t += 10) p.Poll(t);
    }

    [Fact]
    public void A_fault_cleared_while_feedback_interrupts_it_does_not_resume()
    {
        var p = Player();
        p.PlayFault(0, FaultCode.BatteryLow);
        p.PlayFeedback(1000, IndicationPattern.Unlocked);
        p.OnFaultCleared(FaultCode.BatteryLow);
        p.Poll(1000 + 2000);
        Assert.False(p.Playing == IndicationPattern.Fault && p.PlayingFault == FaultCode.BatteryLow, "the cleared battery_low resumed");
    }

    [Fact]
    public void A_fault_still_active_resumes_after_feedback()
    {
        var p = Player();
        p.PlayFault(0, FaultCode.BatteryLow);
        p.PlayFeedback(1000, IndicationPattern.Accepted);
        p.OnFaultCleared(FaultCode.Jam);
        p.Poll(1000 + 2000);
        Assert.Equal(IndicationPattern.Fault, p.Playing);
        Assert.Equal(FaultCode.BatteryLow, p.PlayingFault);
    }

    [Fact]
    public void A_cleared_fault_showing_now_stops()
    {
        var p = Player();
        p.PlayFault(0, FaultCode.DoorAjar);
        p.OnFaultCleared(FaultCode.DoorAjar);
        Assert.Equal(IndicationPattern.None, p.Playing);
    }

    [Fact]
    public void A_new_fault_raised_during_feedback_is_not_hidden_by_the_resumed_old_one()
    {
        var p = Player();
        p.PlayFault(0, FaultCode.BatteryLow);
        p.PlayFeedback(1000, IndicationPattern.Unlocked);
        p.OnFaultRaised();
        p.Poll(1000 + 2000);
        // Dark: the controller's idle poll shows the top active fault afresh (ShowTopFault).
        Assert.Equal(IndicationPattern.None, p.Playing);
        RunOut(p, 3000);
    }

    [Theory]
    [InlineData(1)] [InlineData(4)] [InlineData(42)]
    public void The_lock_shows_battery_critical_not_the_cleared_battery_low(int seed)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = RunCommand.Execute(new[] { ScenarioFiles.Path_("indication-after-battery-critical.yaml"), "--seed", seed.ToString() }, o, e, new MemoryStream());
        // The scenario expects `indication: battery_critical` at 9 s and 12 s (after the unlock's and the refusal's feedback).
        Assert.True(code == 0, o.ToString() + e.ToString());
    }
}
