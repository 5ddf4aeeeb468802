using LockFirmware.Hal;

namespace LockFirmware.Simulator.Board;

/// <summary>
/// Reset cause, wake sources and reboot for one power-on of the simulated MCU. Sleeping is the engine's
/// job (it advances the plant until the firmware's deadline or an interrupt), so <see cref="SleepUntil"/>
/// only records the request.
/// </summary>
public sealed class SimPowerControl(ResetCause cause) : IPowerControl
{
    /// <summary>The firmware's interrupt sink.</summary>
    public IInputChangeSink? Sink { get; private set; }
    /// <summary>Set when the firmware asked to reboot.</summary>
    public bool RebootRequested { get; private set; }

    /// <inheritdoc/>
    public ResetCause ResetCause => cause;
    /// <inheritdoc/>
    public void AttachInputSink(IInputChangeSink sink) => Sink = sink;
    /// <inheritdoc/>
    public void SleepUntil(long deadlineMs) { }
    /// <inheritdoc/>
    public void Reboot() => RebootRequested = true;
}
