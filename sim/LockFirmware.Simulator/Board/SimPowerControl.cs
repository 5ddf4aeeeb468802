using LockFirmware.Hal;

namespace LockFirmware.Simulator.Board;

/// <summary>
/// Reset cause, wake sources and reboot for one power-on of the simulated MCU. Sleeping is the engine's
/// job (it advances the plant until the firmware's deadline or an interrupt), so <see cref="SleepUntil"/>
/// only records the request, and so does <see cref="DeepSleepUntil"/>: the engine then drops the firmware (RAM is
/// lost), meters the deep-sleep current and boots a fresh firmware with <see cref="ResetCause.DeepSleepWake"/>
/// at the deadline or on a wake line.
/// </summary>
public sealed class SimPowerControl(ResetCause cause, int wakeLineMask = 0) : IPowerControl
{
    /// <summary>The firmware's interrupt sink.</summary>
    public IInputChangeSink? Sink { get; private set; }
    /// <summary>Set when the firmware asked to reboot.</summary>
    public bool RebootRequested { get; private set; }
    /// <summary>Set when the firmware asked for deep sleep.</summary>
    public bool DeepSleepRequested { get; private set; }
    /// <summary>Deadline of the requested deep sleep, firmware clock ms.</summary>
    public long DeepSleepDeadlineMs { get; private set; }
    /// <summary>Wake lines of the requested deep sleep (bit <c>1 &lt;&lt; (int)InputLine</c>).</summary>
    public int DeepSleepWakeMask { get; private set; }

    /// <inheritdoc/>
    public ResetCause ResetCause => cause;
    /// <inheritdoc/>
    public int WakeLineMask => wakeLineMask;
    /// <inheritdoc/>
    public void AttachInputSink(IInputChangeSink sink) => Sink = sink;
    /// <inheritdoc/>
    public void SleepUntil(long deadlineMs) { }
    /// <inheritdoc/>
    public void DeepSleepUntil(long deadlineMs, int wakeLineMask)
    {
        DeepSleepRequested = true;
        DeepSleepDeadlineMs = deadlineMs;
        DeepSleepWakeMask = wakeLineMask;
    }
    /// <inheritdoc/>
    public void Reboot() => RebootRequested = true;
}
